from mia.cli import run

run()
