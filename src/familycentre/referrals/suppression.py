"""Small-count suppression for tables of counts about families.

A count below the threshold (5 by default, zero included) is never published: it is
shown as ``"<5"`` (*primary suppression*). Because a table also publishes its row and
column totals, one suppressed cell in a row could be got back by subtracting the
published cells from the row's total; so further cells are suppressed until no
suppressed cell can be worked out from what is published (*secondary suppression*).

How it is decided
-----------------

Write the table with its totals as a grid in which the totals carry a minus sign
(the grand total a plus sign): every row and every column of that grid then sums to
zero. What someone who knows the published cells can still change without changing
any of them are the perturbations of the suppressed cells that keep every line sum at
zero. In a bipartite graph with a node per line and an edge per suppressed cell,
these are the cycles: a suppressed cell can be worked out exactly when no cycle runs
through it. Counts cannot be negative, so a cycle only helps if the cells it would
lower hold more than zero. A suppressed cell is *protected* when such a cycle exists;
:func:`suppress` adds the cheapest small cycles (rectangles of four cells: the cell,
one in its row, one in its column and the one opposite) until every suppressed cell is
protected, preferring inner cells with small counts over totals.

Tables without row totals (one column of counts and its total) have only column
equations; there the cycles are pairs of suppressed cells in one column.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

__all__ = ["DEFAULT_THRESHOLD", "Grid", "exposed", "suppress"]

DEFAULT_THRESHOLD = 5
"""Counts below this are not published."""

Grid = list[list[int]]
"""A table with its totals: the inner cells, a total column (when the table has row
totals) and a last row of column totals (with the grand total in the corner)."""

Cell = tuple[int, int]
_Node = tuple[str, int]

_MARGIN_WEIGHT = 1_000
_GRAND_WEIGHT = 1_000_000


def with_totals(
    values: Sequence[Sequence[int]], *, row_totals: bool = True, columns: int | None = None
) -> Grid:
    """The grid of a table: ``values`` with row totals (optional) and column totals.

    ``columns`` gives the number of columns when ``values`` has no rows.
    """
    rows = [list(row) for row in values]
    if columns is None:
        columns = len(rows[0]) if rows else 0
    grid = [[*row, sum(row)] if row_totals else [*row] for row in rows]
    totals = [sum(row[j] for row in rows) for j in range(columns)]
    grid.append([*totals, sum(totals)] if row_totals else totals)
    return grid


def _shape(grid: Grid, row_totals: bool) -> tuple[int, int]:
    """The number of inner rows and inner columns."""
    return len(grid) - 1, len(grid[0]) - (1 if row_totals else 0)


def _factor(cell: Cell, inner: tuple[int, int], row_totals: bool) -> int:
    """+1 where a cell's count moves with the cycle's sign, -1 where it moves against it."""
    i, j = cell
    m, n = inner
    margin_row, margin_col = i == m, row_totals and j == n
    if margin_row and margin_col:
        return 1
    return -1 if margin_row or margin_col else 1


def _nodes(cell: Cell, row_totals: bool) -> tuple[_Node, _Node]:
    i, j = cell
    return ("r", i if row_totals else -1), ("c", j)


def _usable(cell: Cell, sign: int, grid: Grid, inner: tuple[int, int], row_totals: bool) -> bool:
    """Whether a cycle may move ``cell`` with ``sign`` without making a count negative."""
    return sign * _factor(cell, inner, row_totals) > 0 or grid[cell[0]][cell[1]] > 0


_Arcs = dict[_Node, dict[_Node, int]]


def _arcs(hidden: set[Cell], grid: Grid, inner: tuple[int, int], row_totals: bool) -> _Arcs:
    """The arcs the hidden cells make: row -> column (+1), column -> row (-1), counted."""
    arcs: _Arcs = {}
    for other in hidden:
        row, column = _nodes(other, row_totals)
        if _usable(other, 1, grid, inner, row_totals):
            targets = arcs.setdefault(row, {})
            targets[column] = targets.get(column, 0) + 1
        if _usable(other, -1, grid, inner, row_totals):
            targets = arcs.setdefault(column, {})
            targets[row] = targets.get(row, 0) + 1
    return arcs


def _protected(
    cell: Cell,
    hidden: set[Cell],
    grid: Grid,
    inner: tuple[int, int],
    row_totals: bool,
    arcs: _Arcs | None = None,
) -> bool:
    """Whether a usable cycle of hidden cells runs through ``cell``.

    ``arcs`` are those of all ``hidden`` cells (:func:`_arcs`), when known.
    """
    # Arcs: row -> column moves a cell with +1, column -> row with -1. A cycle through
    # ``cell`` is ``cell`` itself plus a path back that does not use it.
    if arcs is None:
        arcs = _arcs(hidden, grid, inner, row_totals)
    row, column = _nodes(cell, row_totals)
    own: list[tuple[_Node, _Node]] = []  # the cell's own arcs, left out of the path back
    if cell in hidden:
        if _usable(cell, 1, grid, inner, row_totals):
            own.append((row, column))
        if _usable(cell, -1, grid, inner, row_totals):
            own.append((column, row))
    for start, end in own:
        arcs[start][end] -= 1
    try:
        for sign, start, goal in ((1, column, row), (-1, row, column)):
            if not _usable(cell, sign, grid, inner, row_totals):
                continue
            seen, queue = {start}, deque([start])
            while queue:
                node = queue.popleft()
                if node == goal:
                    return True
                for following, count in arcs.get(node, {}).items():
                    if count > 0 and following not in seen:
                        seen.add(following)
                        queue.append(following)
        return False
    finally:
        for start, end in own:
            arcs[start][end] += 1


def exposed(grid: Grid, hidden: set[Cell], *, row_totals: bool = True) -> list[Cell]:
    """The hidden cells that could be worked out from the published ones, in order."""
    inner = _shape(grid, row_totals)
    arcs = _arcs(hidden, grid, inner, row_totals)
    return sorted(c for c in hidden if not _protected(c, hidden, grid, inner, row_totals, arcs))


def _weight(cell: Cell, grid: Grid, inner: tuple[int, int], row_totals: bool) -> int:
    i, j = cell
    m, n = inner
    if i == m and row_totals and j == n:
        return _GRAND_WEIGHT + grid[i][j]
    if i == m or (row_totals and j == n):
        return _MARGIN_WEIGHT + grid[i][j]
    return grid[i][j]


def _cycles(cell: Cell, grid: Grid, row_totals: bool) -> list[list[Cell]]:
    """The small cycles through ``cell``: rectangles, or pairs in a column."""
    i, j = cell
    rows, columns = len(grid), len(grid[0])
    if not row_totals:
        return [[cell, (i2, j)] for i2 in range(rows) if i2 != i]
    return [
        [cell, (i, j2), (i2, j2), (i2, j)]
        for i2 in range(rows)
        for j2 in range(columns)
        if i2 != i and j2 != j
    ]


def suppress(
    grid: Grid, *, threshold: int = DEFAULT_THRESHOLD, row_totals: bool = True
) -> set[Cell]:
    """The cells of ``grid`` not to publish: every count below ``threshold``, and more.

    :param grid: The table with its totals (see :func:`with_totals`).
    :param threshold: Counts below it are suppressed; 0 or 1 suppresses nothing.
    :param row_totals: Whether the grid has a column of row totals.
    :return: The suppressed cells as ``(row, column)`` pairs of the grid; none of
        them can be worked out from the others (see :func:`exposed`).
    """
    if not grid or not grid[0]:
        return set()
    inner = _shape(grid, row_totals)
    hidden = {
        (i, j) for i, row in enumerate(grid) for j, value in enumerate(row) if value < threshold
    }
    if not inner[0] or not inner[1]:
        return hidden  # only totals of nothing: no line relates one cell to another
    while True:
        open_cells = exposed(grid, hidden, row_totals=row_totals)
        if not open_cells:
            return hidden
        cell = open_cells[0]
        best: tuple[int, list[Cell]] | None = None
        for cycle in _cycles(cell, grid, row_totals):
            usable = any(
                all(
                    _usable(c, sign * (-1) ** k, grid, inner, row_totals)
                    for k, c in enumerate(cycle)
                )
                for sign in (1, -1)
            )
            if not usable:
                continue
            cost = sum(_weight(c, grid, inner, row_totals) for c in cycle if c not in hidden)
            if best is None or cost < best[0]:
                best = (cost, cycle)
        if best is None:  # pragma: no cover - a cycle through the totals always exists
            raise AssertionError(f"no cycle protects cell {cell}")
        hidden.update(best[1])
