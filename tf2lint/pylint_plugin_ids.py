"""The mapping from TF codes to pylint message ids, importable without pylint installed."""

FIRST_CHECKER_ID = 65


def message_id(code: str) -> str:
    """TF101 -> W6601: family digit h becomes checker id 65+h, inside pylint's unused id ranges."""
    family, number = int(code[2]), code[3:]
    return f"W{FIRST_CHECKER_ID + family}{number}"
