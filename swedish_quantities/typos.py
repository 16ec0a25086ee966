"""How far a typed word is from a name, counting only the slips a thumb makes.

A dropped, added or doubled letter, two neighbours swapped, or a key next to the right one
costs 1; any other letter costs 2. So "Lyksele", "Lyckselle", "Lyckesle" and "Vindrln" are one
slip from a name, while "spara" (Skara), "säker" (Säter) or "väntas" (Vännäs) are real words
two apart, as a different letter far away on the keyboard is no slip but another word.
"""

from functools import cache

# A Swedish keyboard's letters (names are compared folded, so å, ä and ö arrive as a and o):
# each row starts half a key further right than the one above, so a key touches the key
# above it and that key's right neighbour.
KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
SLIP = 1
OTHER_LETTER = 2


@cache
def _neighbour_pairs() -> frozenset[tuple[str, str]]:
    pairs = set()
    for row, keys in enumerate(KEY_ROWS):
        for column, char in enumerate(keys):
            touching = list(keys[max(0, column - 1):column] + keys[column + 1:column + 2])
            if row > 0:  # the key above and its right neighbour
                touching += list(KEY_ROWS[row - 1][column:column + 2])
            pairs.update((char, other) for other in touching)
            pairs.update((other, char) for other in touching)
    return frozenset(pairs)


def typo_distance(typed: str, name: str) -> int:
    """Optimal string alignment distance with the costs above."""
    neighbours = _neighbour_pairs()
    rows = [[0] * (len(name) + 1) for _ in range(len(typed) + 1)]
    for i in range(len(typed) + 1):
        rows[i][0] = i
    for j in range(len(name) + 1):
        rows[0][j] = j
    for i in range(1, len(typed) + 1):
        for j in range(1, len(name) + 1):
            char, wanted = typed[i - 1], name[j - 1]
            substitution = 0 if char == wanted else SLIP if (char, wanted) in neighbours else OTHER_LETTER
            rows[i][j] = min(rows[i - 1][j] + SLIP, rows[i][j - 1] + SLIP, rows[i - 1][j - 1] + substitution)
            if i > 1 and j > 1 and typed[i - 1] == name[j - 2] and typed[i - 2] == name[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + SLIP)
    return rows[-1][-1]
