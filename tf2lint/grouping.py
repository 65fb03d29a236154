"""One finding per cause: uses filed under the binding that caused them, one finding per construct.

Two steps after the catalogue has spoken, both on positions only:

* **Root causes.** ``import tensorflow.contrib.slim as slim`` is reported at the import. Each
  ``slim.conv2d`` is broken for that same reason, and the finding on it points at the name ``slim``
  only; the engine marks such a finding with the place its root name was bound (``bound_at``). Here
  it is filed under the finding with the same code at that place: the root's message says how many
  uses depend on it and lists them as related locations. A use whose finding carries a fix, or whose
  root is not reported (guarded, filtered out), stays a finding of its own. ``report_uses`` keeps
  every use as its own finding, for people who want every line.
* **Constructs.** ``tf.variable_scope(name, reuse=tf.AUTO_REUSE)`` is one thing to rewrite: the
  findings on a reported call's keywords (without a fix of their own), on a name that is the whole
  value of such a keyword, and on a plain TF name passed as an argument with the call's own code
  (``tf.get_collection(tf.GraphKeys.UPDATE_OPS)``; the engine marks those) join the call's finding,
  whose message then carries all the advice. Findings with a safe fix stay separate, so ``--fix``
  and its counts are unchanged; a part whose fix is of the call's own unsafe or compat tier joins
  it with its edits (``tf.logging.set_verbosity(tf.logging.INFO)`` is one compat fix).

When a selection is given (the CLI's select/ignore for the file), unselected findings are dropped
first, so nothing the user selected is merged into something they did not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from tf2lint.changes import SAFE_TIER, tier
from tf2lint.diagnostic import Diagnostic, Related, Span


@dataclass(frozen=True)
class Grouping:
    """How findings are grouped for one file."""

    report_uses: bool = False
    selects: Callable[[str], bool] | None = None


DEFAULT = Grouping()


def group(diagnostics: Sequence[Diagnostic], options: Grouping = DEFAULT) -> list[Diagnostic]:
    """``diagnostics`` come sorted (Catalogue.finish); both steps only drop findings or extend a
    message in place, so the result keeps that order without sorting again."""
    found = list(diagnostics)
    if options.selects is not None:
        found = [d for d in found if options.selects(d.code)]
    if not any(d.bound_at is not None or d.construct is not None for d in found):
        return found  # the common case: nothing to group
    if not options.report_uses:
        found = _file_uses_under_roots(found)
    return _merge_constructs(found)


def _span(d: Diagnostic) -> Span:
    return d.line, d.col, d.end_line, d.end_col


def _inside(inner: Span, outer: Span) -> bool:
    return (outer[0], outer[1]) <= (inner[0], inner[1]) and (inner[2], inner[3]) <= (outer[2], outer[3])


def _related(d: Diagnostic, note: str) -> Related:
    return Related(d.line, d.col, d.end_line, d.end_col, note)


def _file_uses_under_roots(found: list[Diagnostic]) -> list[Diagnostic]:
    if not any(d.bound_at is not None for d in found):
        return found
    by_code_line: dict[tuple[str, int], list[int]] = {}
    for index, d in enumerate(found):
        by_code_line.setdefault((d.code, d.line), []).append(index)

    def at_binding(index: int) -> int | None:
        """The finding with the same code inside the binding a use's root name came from."""
        d = found[index]
        where = d.bound_at
        assert where is not None
        for line in range(where[0], where[2] + 1):
            for candidate in by_code_line.get((d.code, line), ()):
                if candidate != index and _inside(_span(found[candidate]), where):
                    return candidate
        return None

    binding_of = {index: at_binding(index) for index, d in enumerate(found) if d.bound_at is not None and not d.fix}
    # A finding that is itself the binding of other uses (``slim = contrib.slim``) and gives other
    # advice than its own binding stays a root cause of its own: its uses need that advice.
    own_roots = set()
    for index in {target for target in binding_of.values() if target is not None}:
        above = binding_of.get(index)
        if above is not None and found[index].replacement != found[above].replacement:
            own_roots.add(index)
    cause: dict[int, int | None] = {}  # use -> the root finding it is filed under (None: its own finding)

    def root(index: int) -> int | None:
        """Follow alias chains (``a = tf.contrib``; ``b = a.slim``) to the finding nothing explains.
        Iterative, with a guard against cycles, so long chains cannot exhaust the stack."""
        path: list[int] = []
        current = index
        while current not in cause:
            binding = None if current in own_roots else binding_of.get(current)
            if binding is None or binding == current or binding in path:
                cause[current] = None
                break
            path.append(current)
            current = binding
        answer = cause[current] if cause[current] is not None else (current if path else None)
        for item in path:
            cause[item] = answer
        return cause[index]

    uses: dict[int, list[int]] = {}
    for index, d in enumerate(found):
        if d.bound_at is not None:
            filed_under = root(index)
            if filed_under is not None:
                uses.setdefault(filed_under, []).append(index)
    if not uses:
        return found
    filed = {index for members in uses.values() for index in members}
    result: list[Diagnostic] = []
    for index, d in enumerate(found):
        if index in filed:
            continue
        members = uses.get(index)
        if members:
            count = len(members)
            ordered = sorted(members, key=lambda m: _span(found[m]))
            notes = tuple(_related(found[member], _use_note(found[member], d)) for member in ordered)
            d = replace(
                d,
                message=f"{d.message}; {count} use{'s' if count != 1 else ''} in this file",
                related=d.related + notes,
                uses=d.uses + count,
            )
        result.append(d)
    return result


def _use_note(use: Diagnostic, root: Diagnostic) -> str:
    """A use's note: its own advice when it has more to say than its root (``slim.conv2d``: use
    tf.keras.layers.Conv2D, under ``import tensorflow.contrib.slim as slim``)."""
    if use.replacement and use.replacement != root.replacement:
        return f"a use of the name bound here: {use.message}"
    return "a use of the name bound here"


def _summary(d: Diagnostic, said: str) -> str:
    """A merged finding's message, without its advice when the message already gives that advice."""
    head, _, advice = d.message.rpartition(": ")
    if head and d.replacement and d.replacement in advice and advice in said:
        return head
    return d.message


def _joins(d: Diagnostic, lead: Diagnostic) -> bool:
    """No fix, or a fix of the call's own (not safe) tier, so the merged finding can carry it."""
    return not d.fix or (
        bool(lead.fix) and tier(d.applicability) == tier(lead.applicability) and tier(d.applicability) not in SAFE_TIER
    )


def _merge_constructs(found: list[Diagnostic]) -> list[Diagnostic]:
    constructs: dict[Span, list[int]] = {}
    for index, d in enumerate(found):
        if d.construct is not None:
            constructs.setdefault(d.construct, []).append(index)
    if not any(len(members) > 1 for members in constructs.values()):
        return found
    by_end: dict[tuple[int, int], list[int]] | None = None  # built on first need
    merged_into: dict[int, list[int]] = {}
    taken: set[int] = set()
    for construct, members in constructs.items():
        primary = next((i for i in members if (found[i].line, found[i].col) == construct[:2]), None)
        if primary is None or len(members) < 2 or primary in taken:
            continue
        parts: list[int] = []
        lead = found[primary]

        for member in members:
            if member == primary or not _joins(found[member], lead) or member in taken:
                continue
            parts.append(member)
            keyword = _span(found[member])
            if by_end is None:
                by_end = {}
                for index, d in enumerate(found):
                    if d.construct is None:
                        by_end.setdefault((d.end_line, d.end_col), []).append(index)
            for inner in by_end.get((keyword[2], keyword[3]), ()):  # a name that is the keyword's whole value
                d = found[inner]
                if (
                    inner not in (member, primary)
                    and _joins(d, lead)
                    and inner not in taken
                    and d.construct is None
                    and _inside(_span(d), keyword)
                ):
                    parts.append(inner)
        if parts:
            merged_into[primary] = parts
            taken.update(parts)
    result: list[Diagnostic] = []
    for index, d in enumerate(found):
        if index in taken and index not in merged_into:
            continue
        parts = merged_into.get(index, [])
        if parts:
            message = d.message
            for part in sorted(parts, key=lambda p: _span(found[p])):
                message += f"; also: {_summary(found[part], message)}"
            notes = tuple(
                _related(found[p], f"{found[p].code} {found[p].message}")
                for p in sorted(parts, key=lambda p: _span(found[p]))
            )
            # One group of edits, each once (two parts may add the same import).
            fix = tuple(dict.fromkeys(d.fix + tuple(edit for p in parts for edit in found[p].fix))) if d.fix else d.fix
            compat_fix = d.compat_fix
            if compat_fix and all(found[p].compat_fix or not found[p].fix for p in parts):
                compat_fix = tuple(dict.fromkeys(compat_fix + tuple(e for p in parts for e in found[p].compat_fix)))
            elif compat_fix:
                compat_fix = ()  # a part without an alternative: the merged finding has none either
            d = replace(d, message=message, related=d.related + notes, fix=fix, compat_fix=compat_fix)
        result.append(d)
    return result
