"""The incremental machinery: instant re-runs, and re-analysis only where
needed.  It sits beside the analysis: the linter hands it the analysis to
run (``analyse_cached``); the model charges each build step with what it
read (model/step_tracking.py), which is all the analysis knows of it.

``cache`` chooses a run's path (hit, unused, inert, rebuild, full);
``store`` keeps the records; ``status`` tells which files changed;
``replay`` runs partial model builds; ``outcome`` says which path the last
run took and why; ``parallel`` checks files' syntax in worker processes.
"""

from flasklint.incremental.cache import analyse_cached
from flasklint.incremental.store import default_dir

__all__ = ["analyse_cached", "default_dir"]
