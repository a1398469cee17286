from coordtrack.cli import main

main()
