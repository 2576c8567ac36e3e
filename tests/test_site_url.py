"""A real address or none (issue 13, item 7).

Without `site_url` the site has no canonical links and no sitemap entries, and the print
pages name the guide by title and edition. `handbook build --site-url URL` sets the address
for one deployment: then the PDFs print it with a QR code. `handbook check` warns about a
placeholder address (example.org, localhost, *.test, ...).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.validate import placeholder_address
from tests.conftest import CONTENT, MINI, run_cli

PLACEHOLDER_URL = re.compile(r"https?://[^\s\"'<>()\\]+")
PLACEHOLDER_NAMES = re.compile(r"example\.(?:org|com|net)", re.IGNORECASE)
BINARY = {".pdf", ".gz", ".png", ".ico", ".jpg", ".woff", ".woff2"}


@pytest.mark.parametrize(
    "url",
    [
        "https://praktijkgids.example.org/",
        "https://example.com",
        "http://www.example.net/gids/",
        "http://localhost:8000/",
        "http://127.0.0.1:8000/",
        "https://gids.test/",
        "https://praktijkgids.example/",
        "https://praktijkgids.invalid/x",
        "https://EXAMPLE.ORG./",
    ],
)
def test_placeholder_addresses_are_recognised(url: str) -> None:
    assert placeholder_address(url)


@pytest.mark.parametrize(
    "url",
    ["https://www.praktijkgids.nl/", "https://gids.politie.nl/bruggen/", "https://example-gemeente.nl/", "https://testen.nl/"],
)
def test_real_addresses_are_not_placeholders(url: str) -> None:
    assert not placeholder_address(url)


def test_check_warns_about_a_placeholder_site_url(mini_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini_content.parent)
    guide = mini_content / "guide.yaml"
    guide.write_text(guide.read_text(encoding="utf-8") + "site_url: https://praktijkgids.example.org/\n", encoding="utf-8")
    line = guide.read_text(encoding="utf-8").splitlines().index("site_url: https://praktijkgids.example.org/") + 1

    result = run_cli("check", "--content", "content")

    assert result.exit_code == 0  # a warning, not an error
    assert (
        f"content/guide.yaml:{line}:11: waarschuwing: site_url 'https://praktijkgids.example.org/' is een voorbeeldadres"
        in result.stderr
    )


def test_check_is_quiet_about_a_real_site_url_and_about_none(mini_content: Path) -> None:
    assert "site_url" not in run_cli("check", "--content", mini_content).stderr
    guide = mini_content / "guide.yaml"
    guide.write_text(guide.read_text(encoding="utf-8") + "site_url: https://www.praktijkgids.nl/\n", encoding="utf-8")
    result = run_cli("check", "--content", mini_content)
    assert result.exit_code == 0 and "site_url" not in result.stderr


def test_the_bundled_guide_has_no_placeholder_address() -> None:
    assert "example.org" not in (CONTENT / "guide.yaml").read_text(encoding="utf-8")
    assert "voorbeeldadres" not in run_cli("check", "--content", CONTENT).stderr


@pytest.mark.parametrize("url", ["ftp://praktijkgids.nl/", "praktijkgids.nl", "https://"])
def test_build_refuses_a_site_url_that_is_no_web_address(url: str, tmp_path: Path) -> None:
    result = run_cli("build", "--content", MINI, "--out", tmp_path / "site", "--site-url", url)
    assert result.exit_code == 2
    assert f"'{url}' is geen webadres" in result.stderr
    assert not (tmp_path / "site").exists()


def placeholders_in(site: Path) -> list[str]:
    """Every placeholder address (or example.org-like name) in any text file of a built site."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix in BINARY:
            continue
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(site).as_posix()
        found += [f"{relative}: {m.group(0)}" for m in PLACEHOLDER_NAMES.finditer(text)]
        found += [
            f"{relative}: {m.group(0)}"
            for m in PLACEHOLDER_URL.finditer(text)
            # the editors' guide tells how to open the local preview (handbook serve): not an address of the guide
            if placeholder_address(m.group(0)) and not m.group(0).startswith("http://127.0.0.1:8000")
        ]
    for pdf in sorted(site.rglob("*.pdf")):
        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
        found += [f"{pdf.relative_to(site).as_posix()}: {m.group(0)}" for m in PLACEHOLDER_NAMES.finditer(text)]
    return found


def test_no_placeholder_address_anywhere_in_the_built_mini_site(mini_site: Path) -> None:
    assert placeholders_in(mini_site) == []
    # MkDocs still writes a sitemap (Material's scripts ask for it), but with no address in it
    assert "<loc>" not in (mini_site / "sitemap.xml").read_text(encoding="utf-8")
    assert not any('rel="canonical"' in p.read_text(encoding="utf-8") for p in mini_site.rglob("*.html"))


@pytest.mark.slow
def test_no_placeholder_address_anywhere_in_the_built_guide(guide_site: Path) -> None:
    assert placeholders_in(guide_site) == []


@pytest.fixture(scope="module")
def deployed_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The mini guide built for a deployment address given on the command line."""
    out = tmp_path_factory.mktemp("deployed") / "site"
    result = run_cli("build", "--content", MINI, "--out", out, "--site-url", "https://gids.example.org/praktijk")
    assert result.exit_code == 0, result.output + result.stderr
    return out, result.stderr


@pytest.mark.slow
def test_build_warns_about_a_placeholder_site_url(deployed_site: tuple[Path, str]) -> None:
    assert "Waarschuwing: --site-url 'https://gids.example.org/praktijk' is een voorbeeldadres" in deployed_site[1]


@pytest.mark.slow
def test_with_site_url_the_pdfs_print_the_address_and_a_qr_code(deployed_site: tuple[Path, str]) -> None:
    site = deployed_site[0]
    reader = PdfReader(io.BytesIO((site / "checklists" / "voorzitters.pdf").read_bytes()))
    text = " ".join("\n".join(page.extract_text() or "" for page in reader.pages).split())
    assert "Online: https://gids.example.org/praktijk/voorzitters/" in text
    structure = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    assert "QR-code naar de editie voor voorzitters" in _alt_texts(structure)


@pytest.mark.slow
def test_with_site_url_the_site_has_canonical_links_and_a_sitemap(deployed_site: tuple[Path, str]) -> None:
    site = deployed_site[0]
    assert '<link rel="canonical" href="https://gids.example.org/praktijk/voorzitters/factoren/vertrouwen.html">' in (
        site / "voorzitters" / "factoren" / "vertrouwen.html"
    ).read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://gids.example.org/praktijk/factoren/vertrouwen.html</loc>" in sitemap


def _alt_texts(node: object) -> str:
    """All /Alt texts below a structure element, joined (enough to find a figure's text)."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        return " ".join(_alt_texts(child) for child in node)
    if isinstance(node, dict):
        own = str(node["/Alt"]) if "/Alt" in node else ""
        return " ".join([own, _alt_texts(node["/K"])]) if "/K" in node else own
    return ""
