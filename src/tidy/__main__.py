from tidy.cli import main

main()
