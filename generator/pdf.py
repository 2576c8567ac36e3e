"""Print pages to tagged PDF: the one step of the guide that needs WeasyPrint.

A module of its own that imports nothing of the content model: a build's worker warms only
WeasyPrint for its PDF tasks (by then each checklist and kaart is a self-contained HTML page).
"""

from __future__ import annotations

from generator import resources

PRINT_TEMPLATES = resources.TEMPLATES_DIR / "checklist"
"""The print templates' folder: the base for anything a page refers to relatively."""
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(page_html: str, forms: bool = False) -> bytes:
    """A tagged A4 PDF (PDF/UA-1) from a print page; same HTML, same bytes."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported late: loading Pango costs time that `check` never needs

    document = HTML(string=page_html, base_url=str(PRINT_TEMPLATES))
    # No /ID (PDF/UA does not ask for one, and an automatic one would hash in nothing new);
    # the dates come from <meta name="dcterms.*"> in the page, never from the clock.
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_forms=forms, pdf_identifier=False)
    assert isinstance(pdf, bytes)
    return pdf
