"""The project's sources: discovering and reading files (``files``),
parsing them without importing anything (``parsing``), modules and their
trees (``module``, ``treeindex``), byte-level text scans (``textscan``),
and the project that holds them (``project``)."""
