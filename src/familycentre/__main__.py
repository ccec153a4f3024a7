"""``python -m familycentre``: the command line."""

from familycentre.cli import main

raise SystemExit(main())
