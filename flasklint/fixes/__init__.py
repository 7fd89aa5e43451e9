"""Fixes: the edits a checker attaches to its finding (:mod:`.edits`),
applying them to a file's text (:mod:`.apply`), unified diffs (:mod:`.diff`)
and fixing files on disk, linting again until nothing changes (:mod:`.run`).

Design and decisions: docs/design/fixes.md."""
