from flasklint.cli import main

raise SystemExit(main())
