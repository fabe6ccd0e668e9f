from diploquote.cli import main

raise SystemExit(main())
