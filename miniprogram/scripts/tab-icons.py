"""Regenerate images/tab/*.png, the tab bar's icons, from TDesign's own icon set.

The tab bar needs image files (iconPath/selectedIconPath), not the icon font that t-icon uses,
so the outline (normal) and filled (selected) SVGs of tdesign-icons-svg (MIT, the same icons as
TDesign's t-icon) are rendered at 81x81 in the tab bar's two colours. A one-off tool, not a
project dependency:

    npm pack tdesign-icons-svg@0.4.0 && tar xzf tdesign-icons-svg-0.4.0.tgz
    python3 -m venv /tmp/v && /tmp/v/bin/pip install cairosvg
    /tmp/v/bin/python scripts/tab-icons.py package/src
"""

import sys
from pathlib import Path

import cairosvg

TABS = {"home": "home", "stations": "location", "gifts": "gift", "me": "user"}
NORMAL, SELECTED = "#666666", "#0052d9"  # app.json tabBar color / selectedColor


def render(source: Path, out: Path, colour: str) -> None:
    svg = source.read_text()
    svg = svg.replace("view-box=", "viewBox=").replace('width="1em" height="1em"', "")
    cairosvg.svg2png(
        bytestring=svg.replace("currentColor", colour).encode(),
        write_to=str(out),
        output_width=81,
        output_height=81,
    )


def main(svg_dir: str) -> None:
    out = Path(__file__).resolve().parent.parent / "images" / "tab"
    out.mkdir(parents=True, exist_ok=True)
    for tab, icon in TABS.items():
        render(Path(svg_dir) / f"{icon}.svg", out / f"{tab}.png", NORMAL)
        render(Path(svg_dir) / f"{icon}-filled.svg", out / f"{tab}-active.png", SELECTED)


if __name__ == "__main__":
    main(sys.argv[1])
