"""Semantic diff and three-way merge of maps, by identity rather than by line. Imports no Qt.

``diff`` says what differs between two maps and gives the changes (of
``app.operations.changes``) that turn one into the other; ``three_way`` merges
two maps that grew from one base, per object and per field, and records what it
cannot decide in the map itself (``JourneyMap.conflicts``, format 1.1).
"""
