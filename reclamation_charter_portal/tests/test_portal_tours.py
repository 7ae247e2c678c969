# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import os
import re
from datetime import date
from pathlib import Path

from odoo.tests import HttpCase, new_test_user, tagged

SUBJECT = "Parcel never delivered on the journey tour"
MESSAGE = "My tracking number is 4711 on the journey tour"
# Where setup/test installs axe-core (setup/_lib.sh, ensure_axe_core).
AXE_JS_DEFAULT = (
    Path(
        os.environ.get("RECLAMATION_CACHE")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        / "reclamation-charter"
    )
    / "npm/node_modules/axe-core/axe.min.js"
)
# WCAG 2.1 A and AA rules; serious and critical violations fail the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = ["serious", "critical"]


class PortalJourneyCase(HttpCase):
    """A portal customer, the company's complaint desk for portal complaints,
    a published charter and a published consent text in the customer's
    language for a purpose without recipient."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="rcpt-manager",
            groups="reclamation_charter.group_reclamation_manager",
        )
        cls.desk = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaint desk",
                "is_complaint_desk": True,
                "user_id": cls.manager.id,
            }
        )
        cls.company.write(
            {
                "reclamation_portal_team_id": cls.desk.id,
                "reclamation_portal_max_per_hour": 5,
            }
        )
        cls.env["reclamation.sla.policy"]._create_preset("generic")
        charter = cls.env["reclamation.charter"].create(
            {
                "version": "1.0",
                "effective_date": date(2024, 1, 1),
                "approver_id": cls.manager.id,
                "text": "<p>1. Listening and respect</p>",
            }
        )
        charter.action_publish()
        cls.customer_user = new_test_user(
            cls.env,
            login="rcpt-customer",
            password="rcpt-customer",
            groups="base.group_portal",
            name="Camille Durand",
            email="camille.durand@example.com",
            tz="Europe/Paris",
        )
        cls.partner = cls.customer_user.partner_id
        cls.satisfaction = cls.env.ref(
            "reclamation_charter.consent_purpose_satisfaction"
        )
        consent_text = cls.env["reclamation.consent.text"].create(
            {
                "name": "Satisfaction follow-up",
                "purpose_id": cls.satisfaction.id,
                "lang": "en_US",
                "body": "<p>I agree that the association asks me, once my "
                "complaint is closed, how it was handled.</p>",
            }
        )
        consent_text.action_publish()


@tagged("post_install", "-at_install")
class TestPortalJourneyTour(PortalJourneyCase):
    def test_tour_customer_journey(self):
        """File a complaint with a document and a consent, see it listed with
        its deadline, write a message, withdraw the consent, download the
        data, withdraw the complaint: then the database holds all of it."""
        start = self.env.cr.now()
        self.start_tour(
            "/my/complaints/new", "reclamation_portal_journey", login="rcpt-customer"
        )
        env = self.env(su=True)
        env.invalidate_all()
        complaint = env["helpdesk.ticket"].search(
            [("partner_id", "=", self.partner.id), ("name", "=", SUBJECT)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.team_id, self.desk)
        self.assertTrue(complaint.number)
        # Withdrawn from its page, with the reason given.
        self.assertTrue(complaint._is_withdrawn())
        self.assertTrue(complaint.closed)
        # The document is on the complaint.
        attachments = env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["receipt.txt"])
        self.assertEqual(attachments.raw, b"Receipt of the parcel, order 4711.\n")
        # The message written in the portal chatter, by the customer.
        messages = complaint.message_ids.filtered(lambda m: MESSAGE in (m.body or ""))
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.author_id, self.partner)
        # The consent given on the form, then withdrawn on the privacy page.
        consent = env["reclamation.consent"].search(
            [("partner_id", "=", self.partner.id)]
        )
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.purpose_id, self.satisfaction)
        self.assertEqual(consent.state, "withdrawn")
        self.assertTrue(consent.withdrawal_date)
        # The data download is logged on the complaint.
        exports = env["reclamation.decision.log"].search(
            [
                ("kind", "=", "export"),
                ("ticket_id", "=", complaint.id),
                ("user_id", "=", self.customer_user.id),
                ("create_date", ">=", start),
            ]
        )
        self.assertEqual(len(exports), 1)


@tagged("post_install", "-at_install")
class TestPortalAccessibility(PortalJourneyCase):
    """axe-core (installed from the npm registry by setup/test) checks the
    customer's pages against WCAG 2.1 A and AA: no serious or critical
    violation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        path = Path(os.environ.get("RECLAMATION_AXE_JS") or AXE_JS_DEFAULT)
        cls.axe_source = path.read_text() if path.is_file() else None
        cls.axe_path = path

    def setUp(self):
        super().setUp()
        if self.axe_source is None:
            if os.environ.get("RECLAMATION_AXE_JS"):
                # setup/test said where it installed axe-core: a missing
                # file there is a failure, not a skip.
                self.fail(
                    f"axe-core not installed at {self.axe_path} "
                    "(setup/_lib.sh ensure_axe_core)."
                )
            # The wording counts as a skip for a missing dependency, which
            # setup/_testreport.py reports as a failure.
            self.skipTest(
                f"axe-core not installed at {self.axe_path}: run setup/test, "
                "or npm install --prefix <cache>/npm axe-core"
            )
        self.complaint = self._file_complaint()

    def _file_complaint(self):
        """A complaint filed on the form, with a document and a consent, and
        a message from the customer: every section of the pages shows."""
        self.authenticate("rcpt-customer", "rcpt-customer")
        page = self.url_open("/my/complaints/new")
        csrf_token = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": csrf_token,
                "subject": SUBJECT,
                "description": "I paid for a parcel and it never came.",
                "remedy_sought": "A refund.",
                "on_behalf_of": "self",
                f"consent_{self.satisfaction.id}": "1",
            },
            files=[("attachments", ("receipt.txt", b"Receipt\n", "text/plain"))],
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (200, 303))
        complaint = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search([("partner_id", "=", self.partner.id), ("name", "=", SUBJECT)])
        )
        self.assertEqual(len(complaint), 1)
        complaint.with_user(self.customer_user).message_post(
            body=MESSAGE, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        return complaint

    def _check_page(self, url, wait_for="body", login="rcpt-customer"):
        """Opens the page as the customer, injects axe-core into it, and fails
        with the serious and critical violations it finds.

        The script is served to the page as a public attachment of the test
        transaction (the test code sent to the browser and logged stays
        short)."""
        axe_script = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "axe.min.js",
                    "raw": self.axe_source.encode(),
                    "mimetype": "text/javascript",
                    "public": True,
                }
            )
        )
        code = f"""
(async () => {{
    const waitFor = {json.dumps(wait_for)};
    let found = null;
    for (let i = 0; i < 200 && !found; i++) {{
        const [selector, inner] = waitFor.split(":shadow ");
        const host = document.querySelector(selector);
        found = inner ? host && host.shadowRoot &&
            host.shadowRoot.querySelector(inner) : host;
        if (!found) {{
            await new Promise((resolve) => setTimeout(resolve, 100));
        }}
    }}
    if (!found) {{
        throw new Error("The page never showed " + waitFor);
    }}
    await new Promise((resolve, reject) => {{
        const script = document.createElement("script");
        script.src = "/web/content/{axe_script.id}";
        script.onload = resolve;
        script.onerror = () => reject(new Error("axe-core did not load"));
        document.head.appendChild(script);
    }});
    const results = await window.axe.run(document, {{
        runOnly: {{ type: "tag", values: {json.dumps(AXE_TAGS)} }},
        resultTypes: ["violations"],
    }});
    const failing = results.violations.filter(
        (v) => {json.dumps(AXE_FAILING_IMPACTS)}.includes(v.impact)
    );
    const report = results.violations.map((v) => ({{
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => n.target.join(" ") + " :: " +
            n.html.slice(0, 300) + " :: " + n.failureSummary),
    }}));
    console.info("AXE {url} " + JSON.stringify(report));
    if (failing.length) {{
        console.error("axe-core: serious or critical WCAG 2.1 AA violations on "
            + "{url}: " + JSON.stringify(report, null, 1));
    }} else {{
        console.log("test successful");
    }}
}})();
"""
        self.browser_js(
            url,
            code,
            ready="document.readyState === 'complete'",
            login=login,
            timeout=120,
        )

    def test_axe_complaint_list(self):
        self._check_page("/my/complaints", ".o_reclamation_complaint_row")

    def test_axe_complaint_detail(self):
        self._check_page(
            f"/my/complaints/{self.complaint.id}",
            "#chatterRoot:shadow .o-mail-Message-body",
        )

    def test_axe_new_complaint_form(self):
        self._check_page("/my/complaints/new", ".o_reclamation_complaint_new")

    def test_axe_charter_with_past_versions(self):
        Charter = self.env["reclamation.charter"]
        for version, effective in (("9.1", "2024-01-01"), ("9.2", "2025-06-01")):
            charter = Charter.create(
                {
                    "version": version,
                    "effective_date": effective,
                    "approver_id": self.env.user.id,
                    "text": f"<p>Our commitments, version {version}.</p>",
                }
            )
            charter.action_publish()
        self._check_page("/charter", ".o_reclamation_charter nav a")

    def test_axe_privacy(self):
        self._check_page("/my/privacy", "#privacy_consents table")
