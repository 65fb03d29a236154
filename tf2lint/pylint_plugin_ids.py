"""The mapping from TF codes to pylint message ids, importable without pylint installed."""

FIRST_CHECKER_ID = 65


KERAS3_FIRST_CHECKER_ID = 57


def message_id(code: str) -> str:
    """TF101 -> W6601: family digit h becomes checker id 65+h, inside pylint's unused id ranges.
    TFK1nn -> W57nn and TFK2nn -> W58nn (the Keras 3 families; 57-59 are free too)."""
    if code.startswith("TFK"):
        return f"W{KERAS3_FIRST_CHECKER_ID + int(code[3]) - 1}{code[4:]}"
    family, number = int(code[2]), code[3:]
    return f"W{FIRST_CHECKER_ID + family}{number}"
