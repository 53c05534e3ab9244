from hjemvej.cli import main

main()
