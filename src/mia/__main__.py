from mia.cli import main

main()
