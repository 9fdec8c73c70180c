import sys

from bantin.cli import main

sys.exit(main())
