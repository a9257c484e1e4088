"""Built-in detectors.  Each registers in the ``corpus_lint.detectors`` entry-point group."""
