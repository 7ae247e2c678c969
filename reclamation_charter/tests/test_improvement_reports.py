# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import SQL

from .common import pdf_text
from .test_improvement import ImprovementCase


class ReportsCase(ImprovementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.web = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        # The complaint of the common set-up is withdrawn: out of the counts.
        cls.complaint._withdraw_complaint(channel="phone")

    @classmethod
    def _closed(cls, received, closed, justified=False, **values):
        with freeze_time(received):
            complaint = cls._create_complaint(stage_id=cls.open_stage.id, **values)
        vals = {
            "stage_id": cls.closed_stage.id,
            "root_cause_id": cls.cause.id,
            "is_justified": justified,
        }
        if justified:
            vals["corrective_action_ids"] = [
                (
                    0,
                    0,
                    {
                        "name": "Receipts checked",
                        "user_id": cls.handler.id,
                        "date_deadline": date(2026, 12, 31),
                    },
                )
            ]
        with freeze_time(closed):
            complaint.write(vals)
        return complaint


@tagged("post_install", "-at_install")
class TestComplaintAnalysis(ReportsCase):
    def test_figures_by_desk_and_month(self):
        first = self._closed(
            datetime(2026, 3, 2, 9),
            datetime(2026, 3, 6, 9),
            justified=True,
            channel_id=self.phone.id,
        )
        self._closed(
            datetime(2026, 3, 10, 9), datetime(2026, 3, 12, 9), channel_id=self.web.id
        )
        with freeze_time(datetime(2026, 4, 1, 9)):
            self._create_complaint(stage_id=self.open_stage.id)
        # Outcome and satisfaction, as the decision and the survey store them.
        first._write_managed(
            {
                "resolution_outcome": "upheld",
                "satisfaction_state": "answered",
                "satisfaction_score": 4,
                "satisfaction_fairness_score": 2,
            }
        )
        # The view reads the tables: what the ORM holds is written first.
        self.env.flush_all()
        Analysis = self.env["reclamation.complaint.analysis"].with_user(self.manager)
        domain = [("team_id", "=", self.desk.id)]
        groups = Analysis._read_group(
            domain,
            ["received_date:month"],
            [
                "complaint_count:sum",
                "open_count:sum",
                "answer_days:avg",
                "justified_count:sum",
                "corrective_action_count:sum",
                "upheld_count:sum",
                "satisfaction_score:avg",
                "satisfaction_fairness_score:avg",
            ],
        )
        by_month = {month.month: values for month, *values in groups}
        self.assertEqual(by_month[3], [2, 0, 3.0, 1, 1, 1, 4.0, 2.0])
        self.assertEqual(by_month[4][:2], [1, 1])
        by_channel = dict(
            Analysis._read_group(domain, ["channel_id"], ["complaint_count:sum"])
        )
        self.assertEqual(by_channel[self.phone], 1)
        by_cause = dict(
            Analysis._read_group(domain, ["root_cause_id"], ["complaint_count:sum"])
        )
        self.assertEqual(by_cause[self.cause], 2)

    def test_only_complaint_managers_read_it(self):
        with self.assertRaises(AccessError):
            self.env["reclamation.complaint.analysis"].with_user(self.handler).search(
                []
            )


@tagged("post_install", "-at_install")
class TestDashboard(ReportsCase):
    def test_month_figures_and_trend(self):
        with freeze_time(datetime(2026, 3, 20, 12)):
            # Last month: one closed in 2 days, one still open.
            self._closed(datetime(2026, 2, 2, 9), datetime(2026, 2, 4, 9))
            with freeze_time(datetime(2026, 2, 10, 9)):
                self._create_complaint(stage_id=self.open_stage.id)
            # This month: one closed in 5 days, two received and open.
            self._closed(datetime(2026, 3, 2, 9), datetime(2026, 3, 7, 9))
            for day in (3, 4):
                with freeze_time(datetime(2026, 3, day, 9)):
                    self._create_complaint(stage_id=self.open_stage.id)
            with freeze_time(datetime(2026, 2, 1)):
                self._action(date_deadline=date(2026, 3, 1))
            figures = (
                self.env["helpdesk.ticket"]
                .with_user(self.manager)
                ._reclamation_dashboard_figures(self.company)
            )
            self.assertEqual(figures["received"], (3, 2))
            self.assertEqual(figures["open"], (3, 1))
            self.assertEqual(figures["answer_days"], (5.0, 2.0))
            self.assertEqual(figures["actions_overdue"], (1, 0))
            dashboard = (
                self.env["reclamation.dashboard"].with_user(self.manager).create({})
            )
            self.assertEqual(dashboard.open, 3)
            self.assertEqual(dashboard.open_trend, "up 2 on last month")
            self.assertEqual(dashboard.open_state, "danger")
            self.assertEqual(dashboard.answer_days_trend, "up 3.0 on last month")
            self.assertEqual(dashboard.satisfaction_trend, "no figure last month")
            # A French manager reads French numbers: a decimal comma, as in
            # the figures beside them.
            self.env["res.lang"]._activate_lang("fr_FR")
            self.env["ir.module.module"]._load_module_terms(
                ["reclamation_charter"], ["fr_FR"]
            )
            self.manager.lang = "fr_FR"
            dashboard = (
                self.env["reclamation.dashboard"]
                .with_user(self.manager)
                .with_context(lang="fr_FR")
                .create({})
            )
            self.assertEqual(
                dashboard.answer_days_trend, "en hausse de 3,0 sur le mois dernier"
            )
            self.assertEqual(dashboard.open_trend, "en hausse de 2 sur le mois dernier")

    def test_menu_opens_the_dashboard_by_its_name(self):
        """The manager's menu opens a saved dashboard (no save or discard to
        offer) whose title is its name in their language, not
        "reclamation.dashboard,NewId_0x..."."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["reclamation_charter"], ["fr_FR"]
        )
        menu = self.env.ref("reclamation_charter.menu_reclamation_dashboard")
        for lang, title in (
            ("en_US", "Complaint Dashboard"),
            ("fr_FR", "Tableau de bord des réclamations"),
        ):
            action = menu.action.with_user(self.manager).with_context(lang=lang).run()
            self.assertEqual(action["res_model"], "reclamation.dashboard")
            self.assertEqual(action["name"], title)
            dashboard = (
                self.env["reclamation.dashboard"]
                .with_user(self.manager)
                .with_context(lang=lang)
                .browse(action["res_id"])
            )
            self.assertTrue(dashboard.exists())
            self.assertEqual(dashboard.company_id, self.manager.company_id)
            self.assertEqual(dashboard.display_name, title)

    def test_only_complaint_managers_see_it(self):
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(
                self.handler
            )._reclamation_dashboard_figures(self.company)

    def _add_copies(self, template, count):
        """``count`` copies of ``template``, inserted in one statement."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'helpdesk_ticket' AND column_name != 'id'"
        )
        columns = [row[0] for row in self.env.cr.fetchall()]
        overrides = {"number": SQL("'DASH-' || n")}
        self.env.cr.execute(
            SQL(
                "INSERT INTO helpdesk_ticket (%s) SELECT %s FROM helpdesk_ticket t, "
                "generate_series(1, %s) n WHERE t.id = %s",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL(", ").join(
                    overrides.get(column, SQL.identifier("t", column))
                    for column in columns
                ),
                count,
                template.id,
            )
        )

    def _dashboard_queries(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.manager)
        Ticket._reclamation_dashboard_figures(self.company)  # warm-up
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        figures = Ticket._reclamation_dashboard_figures(self.company)
        return self.env.cr.sql_log_count - before, figures

    def test_query_count_does_not_grow_with_the_complaints(self):
        template = self._create_complaint(stage_id=self.open_stage.id)
        self._add_copies(template, 9)
        few, figures = self._dashboard_queries()
        self.assertEqual(figures["open"][0], 10)
        self._add_copies(template, 990)
        many, figures = self._dashboard_queries()
        self.assertEqual(figures["open"][0], 1000)
        self.assertEqual(few, many)
        # The two aggregates, and the user's groups and companies read again.
        self.assertLessEqual(many, 4)
        # The two aggregates (and the user's groups and companies, read
        # again with the caches cleared), whatever the number of complaints.
        Ticket = self.env["helpdesk.ticket"].with_user(self.manager)
        with self.assertQueryCount(default=4):
            Ticket._reclamation_dashboard_figures(self.company)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("number", "like", "DASH-%")]),
            999,
        )


@tagged("post_install", "-at_install")
class TestAnnualReport(ReportsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.justified = cls._closed(
            datetime(2025, 3, 2, 9),
            datetime(2025, 3, 6, 9),
            justified=True,
            channel_id=cls.phone.id,
        )
        cls._closed(datetime(2025, 5, 2, 9), datetime(2025, 5, 4, 9))
        # Another year: not in the report.
        cls._closed(datetime(2024, 5, 2, 9), datetime(2024, 5, 4, 9))
        cls.justified._write_managed(
            {
                "resolution_outcome": "upheld",
                "satisfaction_state": "answered",
                "satisfaction_score": 4,
            }
        )
        cls.report = (
            cls.env["reclamation.annual.report"]
            .with_user(cls.manager)
            .create({"year": 2025})
        )

    def test_report_figures(self):
        data = self.report._get_report_data()
        self.assertEqual(data["totals"]["complaint_count"], 2)
        self.assertEqual(data["totals"]["answer_days"], 3.0)
        self.assertEqual(data["totals"]["satisfaction_score"], 4.0)
        self.assertEqual(data["causes"], [(self.cause.display_name, 2, 1)])
        self.assertIn(("Upheld", 1), data["by_outcome"])
        self.assertEqual(data["actions"].name, "Receipts checked")

    def test_report_renders(self):
        Report = self.env["ir.actions.report"].with_user(self.manager)
        html = Report._render_qweb_html(
            "reclamation_charter.action_report_reclamation_annual", self.report.ids
        )[0].decode()
        self.assertIn("Complaint handling in", html)
        self.assertIn("2025", html)
        self.assertIn("Billing error", html)
        self.assertIn("Receipts checked", html)
        self.assertNotIn(self.customer.name, html)

    def test_year_defaults_to_the_last_year_with_complaints(self):
        """In 2030, with nothing received in 2029, the report opens on the
        last year with complaints (not an all-zero report), its year written
        as a year."""
        latest = max(
            self.env["helpdesk.ticket"]
            .search([("company_id", "=", self.manager.company_id.id)])
            .mapped("received_date")
        ).year
        self.assertLess(latest, 2029)
        with freeze_time("2030-06-01"):
            report = Form(self.env["reclamation.annual.report"].with_user(self.manager))
            self.assertEqual(report.year, latest)
        arch = (
            self.env["reclamation.annual.report"]
            .with_user(self.manager)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn(
            '<field name="year" options="{\'enable_formatting\': false}"', arch
        )

    def test_report_year_reads_as_a_year(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["reclamation_charter"], ["fr_FR"]
        )
        Report = self.env["ir.actions.report"].with_user(self.manager)
        for lang, heading in (
            ("en_US", "Complaint handling in 2025"),
            ("fr_FR", "Le traitement des réclamations en 2025"),
        ):
            html = (
                Report.with_context(lang=lang)
                ._render_qweb_html(
                    "reclamation_charter.action_report_reclamation_annual",
                    self.report.ids,
                )[0]
                .decode()
            )
            self.assertIn(heading, " ".join(html.split()))
            self.assertNotIn("2,025", html)
            self.assertNotIn("2\u202f025", html)

    def test_report_figures_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        Report = self.env["ir.actions.report"].with_user(self.manager)
        # The average time to answer: 3.0 days, written as the reader writes.
        for lang, figure, other in (("en_US", "3.0", "3,0"), ("fr_FR", "3,0", "3.0")):
            with self.subTest(lang=lang):
                html = (
                    Report.with_context(lang=lang)
                    ._render_qweb_html(
                        "reclamation_charter.action_report_reclamation_annual",
                        self.report.ids,
                    )[0]
                    .decode()
                )
                self.assertRegex(html, rf">\s*{re.escape(figure)}\s*<")
                self.assertNotRegex(html, rf">\s*{re.escape(other)}\s*<")

    def test_only_complaint_managers_print_it(self):
        with self.assertRaises(AccessError):
            self.env["reclamation.annual.report"].with_user(self.handler).create(
                {"year": 2025}
            )


@tagged("post_install", "-at_install")
class TestAnnualReportPdf(ReportsCase, HttpCase):
    """As wkhtmltopdf prints it: it fetches the report's assets from the
    server, which shares the test's transaction in an HttpCase only."""

    def test_report_renders_as_pdf(self):
        self._closed(datetime(2025, 3, 2, 9), datetime(2025, 3, 6, 9))
        self._closed(datetime(2025, 5, 4, 9), datetime(2025, 5, 8, 9))
        report = (
            self.env["reclamation.annual.report"]
            .with_user(self.manager)
            .create({"year": 2025})
        )
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "reclamation_charter.action_report_reclamation_annual", report.ids
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # An accessible document: its title and figures are text.
        text = " ".join(pdf_text(pdf).split())
        self.assertIn("Complaint handling in 2025", text)
        self.assertIn("Complaints received 2", text)
        self.assertIn("Still open at the date of this report 0", text)
        self.assertIn(self.cause.display_name, text)
