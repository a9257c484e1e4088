from corpus_lint.cli import main

main()
