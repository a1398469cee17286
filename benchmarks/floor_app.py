"""The start-up floor: a bare one-command Typer app, the least any Typer CLI can cost."""

import typer

app = typer.Typer()


@app.command()
def version() -> None:
    typer.echo("floor 0")


if __name__ == "__main__":
    app()
