from isecg_kg.cli import run

run()
