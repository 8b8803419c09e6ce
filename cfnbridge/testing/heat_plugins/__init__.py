"""Heat plugins for tests (load them with Heat's ``plugin_dirs`` pointing at this directory).

Heat imports each module here by file, as ``heat.engine.plugins.<name>``; they depend on
Heat, never on the rest of cfnbridge. See :mod:`.noop_cloud`.
"""
