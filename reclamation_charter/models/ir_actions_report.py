# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os
import re
from pathlib import Path

from markupsafe import Markup

from odoo import api, models
from odoo.tools.misc import file_path

# What wkhtmltopdf would fetch from the server over HTTP: the report's asset
# bundles...
ASSET_TAG = re.compile(
    r"<link\b[^>]*\bhref=\"(?P<css>/web/assets/[^\"]+\.css)\"[^>]*>"
    r"|<script\b[^>]*\bsrc=\"(?P<js>/web/assets/[^\"]+\.js)\"[^>]*>\s*</script>"
)
# ... and the fonts and images their style sheets name.
CSS_URL = re.compile(r"url\(\s*(['\"]?)(?P<path>/[^'\")?#]+)[^'\")]*\1\s*\)")
# The web fonts the style sheets declare: Debian's wkhtmltopdf (unpatched Qt)
# draws their glyphs as paths, and a letter printed so has no text at all.
FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
FONT_FAMILY = re.compile(r"font-family\s*:\s*(['\"]?)(?P<family>[^;'\"}]+)\1")
# Icon fonts draw pictures, not words: they keep their web font.
ICON_FONTS = {"FontAwesome", "odoo_ui_icons"}
# What would end an inlined style sheet or script early.
CLOSING_TAG = re.compile(r"</(style|script)", re.IGNORECASE)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _is_reclamation_document(self):
        """A letter or report of the complaint desk."""
        return (self.report_name or "").startswith("reclamation_charter")

    @api.model
    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        """The desk's letters and reports carry their style sheets and
        scripts inside the page, and name their fonts and images by their
        files: wkhtmltopdf fetches nothing from the server, so that a letter
        printed where no server answers (an install with demo data, a
        script, a job on another host, a server that cannot reach its own
        public address) looks like any other."""
        report = self._get_report(report_ref) if report_ref else self
        if not (report and report._is_reclamation_document()):
            return super()._run_wkhtmltopdf(
                bodies,
                report_ref=report_ref,
                header=header,
                footer=footer,
                landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )
        folders = set()
        bodies = [self._inline_report_assets(body, folders) for body in bodies]
        header = header and self._inline_report_assets(header, folders)
        footer = footer and self._inline_report_assets(footer, folders)
        return super(
            IrActionsReport,
            self.with_context(report_allowed_folders=tuple(sorted(folders))),
        )._run_wkhtmltopdf(
            bodies,
            report_ref=report_ref,
            header=header,
            footer=footer,
            landscape=landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )

    @api.model
    def _build_wkhtmltopdf_args(
        self,
        paperformat_id,
        landscape,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        """Local files stay forbidden, except the folders of the fonts and
        images the inlined style sheets name."""
        args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        folders = self.env.context.get("report_allowed_folders")
        # Only the folders _run_wkhtmltopdf set, as a tuple: a context given
        # over HTTP or RPC (the report route takes one) is decoded from JSON
        # and holds lists, never tuples, so it cannot open the server's
        # files to wkhtmltopdf.
        if isinstance(folders, tuple):
            for folder in folders:
                args.extend(["--allow", folder])
        return args

    @api.model
    def _inline_report_assets(self, html, folders):
        """``html`` with its asset bundles' links replaced by their content,
        built as the server's /web/assets route builds them, without the
        web fonts of their text (the system's fonts keep the words a text
        layer: screen readers, search and copy read the letter); the folders
        of the static files they name are added to ``folders``."""

        def static_file(match):
            name = os.path.normpath(match["path"]).lstrip("/")
            if "static" not in Path(name).parts:
                return match[0]
            try:
                path = file_path(name)
            except (OSError, ValueError):
                # A file no addon has: the server would not serve it either.
                return 'url("data:,")'
            folders.add(os.path.dirname(path))
            return f'url("{Path(path).as_uri()}")'

        def text_font_face(match):
            family = FONT_FAMILY.search(match[0])
            if family and family["family"].strip() in ICON_FONTS:
                return match[0]
            # The family is then the installed font of that name, or the
            # next one of the rule's list: its words stay text in the PDF.
            return ""

        def inline(match):
            filename = (match["css"] or match["js"]).rsplit("/", 1)[1]
            bundle_name, rtl, asset_type, autoprefix = self.env[
                "ir.asset"
            ]._parse_bundle_name(filename, False)
            is_css = asset_type == "css"
            bundle = self.env["ir.qweb"]._get_asset_bundle(
                bundle_name, css=is_css, js=not is_css, rtl=rtl, autoprefix=autoprefix
            )
            if is_css:
                attachment = bundle.stylesheets and bundle.css()
            else:
                attachment = bundle.javascripts and bundle.js()
            source = attachment.raw.decode() if attachment else ""
            source = CLOSING_TAG.sub(r"<\/\1", source)
            if is_css:
                source = FONT_FACE.sub(text_font_face, source)
                return f"<style>{CSS_URL.sub(static_file, source)}</style>"
            return f"<script>{source}</script>"

        inlined = ASSET_TAG.sub(inline, str(html))
        return Markup(inlined) if isinstance(html, Markup) else inlined
