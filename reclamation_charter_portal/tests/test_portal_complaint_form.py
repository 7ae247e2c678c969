# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re
from datetime import timedelta

from hypothesis import (
    HealthCheck,
    given,
    settings,
    strategies as st,
)
from lxml import html

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import SQL, format_datetime, mute_logger

from ..models.helpdesk_ticket_portal_form import PortalComplaintError

FORM_URL = "/my/complaints/new"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
TXT = b"Hello, here are my notes about the refund.\n"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) ComplaintFormTest/1.0"


class PortalComplaintFormCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="rcpf-manager",
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
        cls.customer_user = new_test_user(
            cls.env,
            login="rcpf-customer",
            password="rcpf-customer",
            groups="base.group_portal",
            name="Camille Durand",
            email="camille.durand@example.com",
            tz="Europe/Paris",
        )
        cls.partner = cls.customer_user.partner_id
        cls.other_customer = new_test_user(
            cls.env,
            login="rcpf-other",
            password="rcpf-other",
            groups="base.group_portal",
            name="Dominique Martin",
            email="dominique.martin@example.com",
        )
        Category = cls.env["helpdesk.ticket.category"]
        cls.category = Category.create({"name": "Refunds"})
        cls.inactive_category = Category.create({"name": "Old", "active": False})
        Text = cls.env["reclamation.consent.text"]
        cls.satisfaction = cls.env.ref(
            "reclamation_charter.consent_purpose_satisfaction"
        )
        cls.consent_text = Text.create(
            {
                "name": "Satisfaction follow-up",
                "purpose_id": cls.satisfaction.id,
                "lang": "en_US",
                "body": "<p>I agree that the association asks me, once my "
                "complaint is closed, how it was handled.</p>",
            }
        )
        cls.consent_text.action_publish()
        # Sharing names its recipient: not asked on the form.
        cls.sharing = cls.env.ref("reclamation_charter.consent_purpose_sharing")
        Text.create(
            {
                "name": "Sharing",
                "purpose_id": cls.sharing.id,
                "lang": "en_US",
                "body": "<p>I agree that my file is sent to the insurer.</p>",
            }
        ).action_publish()
        # Another language: not shown to an English-speaking customer.
        cls.env["res.lang"]._activate_lang("fr_FR")
        Text.create(
            {
                "name": "Suivi de satisfaction",
                "purpose_id": cls.satisfaction.id,
                "lang": "fr_FR",
                "body": "<p>J'accepte que l'association me demande mon avis.</p>",
            }
        ).action_publish()

    def _login(self, login="rcpf-customer"):
        self.authenticate(login, login)
        response = self.url_open(FORM_URL)
        self.assertEqual(response.status_code, 200)
        # The session's token, on every page (the form may not be shown).
        return re.search(r'csrf_token: "([^"]+)"', response.text).group(1)

    def _valid_data(self, csrf_token, **values):
        data = {
            "csrf_token": csrf_token,
            "subject": "My refund is late",
            "description": "I cancelled in March and I am still waiting.",
            "remedy_sought": "Refund my membership fee",
            "category_id": str(self.category.id),
            "on_behalf_of": "self",
            "represented_party_name": "",
            f"consent_{self.satisfaction.id}": "1",
        }
        data.update(values)
        return {key: value for key, value in data.items() if value is not None}

    def _post(self, data, files=None):
        return self.url_open(
            FORM_URL,
            data=data,
            files=files,
            headers={"User-Agent": USER_AGENT},
            allow_redirects=False,
        )

    def _counts(self):
        env = self.env(su=True)
        env.invalidate_all()
        return {
            "helpdesk.ticket": env["helpdesk.ticket"].search_count([]),
            "reclamation.consent": env["reclamation.consent"].search_count([]),
            "ir.attachment": env["ir.attachment"].search_count(
                ["|", ("url", "=", False), ("url", "not like", "/web/assets/")]
            ),
            "mail.mail": env["mail.mail"].search_count([]),
            "mail.message": env["mail.message"].search_count([]),
        }

    def _complaints(self):
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .search([("partner_id", "=", self.partner.id)], order="id desc")
        )


@tagged("post_install", "-at_install")
class TestPortalComplaintForm(PortalComplaintFormCase):
    def test_form_shows_fields_consents_and_links(self):
        self._login()
        response = self.url_open(FORM_URL)
        self.assertEqual(response.status_code, 200)
        page = response.text
        for name in (
            "subject",
            "description",
            "remedy_sought",
            "category_id",
            "on_behalf_of",
            "represented_party_name",
            "attachments",
        ):
            self.assertIn(f'name="{name}"', page)
        self.assertIn('multiple="multiple"', page)
        self.assertIn(f'name="consent_{self.satisfaction.id}"', page)
        # Unticked.
        self.assertNotRegex(page, rf'name="consent_{self.satisfaction.id}"[^>]*checked')
        self.assertIn("how it was handled.</p>", page)
        self.assertNotIn(f'name="consent_{self.sharing.id}"', page)
        self.assertNotIn("mon avis", page)
        self.assertIn("Refunds", page)
        self.assertNotIn(">Old<", page)
        self.assertIn('href="/charter"', page)
        self.assertIn('href="/privacy-notice"', page)
        self.assertNotIn(
            "ticket", page.split('id="wrap"')[1].lower().split("</form>")[0]
        )

    def test_success_path(self):
        csrf_token = self._login()
        data = self._valid_data(
            csrf_token,
            on_behalf_of="other",
            represented_party_name="Jeanne Durand",
        )
        before = self._counts()
        response = self._post(
            data, files=[("attachments", ("invoice.pdf", PDF, "application/pdf"))]
        )
        self.assertEqual(response.status_code, 303, response.text[:2000])
        complaint = self._complaints()[:1]
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/my/complaints/new/done/{complaint.id}"
            )
        )
        after = self._counts()
        self.assertEqual(after["helpdesk.ticket"], before["helpdesk.ticket"] + 1)
        self.assertEqual(
            after["reclamation.consent"], before["reclamation.consent"] + 1
        )
        self.assertEqual(complaint.team_id, self.desk)
        self.assertTrue(complaint.is_complaint_desk)
        self.assertEqual(complaint.partner_id, self.partner)
        self.assertEqual(
            complaint.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web"),
        )
        self.assertEqual(complaint.name, "My refund is late")
        self.assertEqual(complaint.remedy_sought, "Refund my membership fee")
        self.assertEqual(complaint.category_id, self.category)
        self.assertEqual(complaint.complainant_capacity, "other")
        self.assertEqual(complaint.represented_party_name, "Jeanne Durand")
        self.assertFalse(complaint.user_id)
        self.assertTrue(complaint.resolution_deadline)
        # The acknowledgement is queued for the job, not sent in the request.
        self.assertEqual(complaint.ack_state, "pending")
        cron = self.env.ref("reclamation_charter.ir_cron_send_acknowledgements")
        self.assertTrue(
            self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)])
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", complaint.id)]
            )
        )
        self.assertEqual(attachment.name, "invoice.pdf")
        self.assertEqual(attachment.raw, PDF)
        consent = (
            self.env["reclamation.consent"]
            .sudo()
            .search([("ticket_id", "=", complaint.id)])
        )
        self.assertEqual(consent.partner_id, self.partner)
        self.assertEqual(consent.text_id, self.consent_text)
        self.assertEqual(consent.text_hash, self.consent_text.content_hash)
        self.assertEqual(consent.method, "portal")
        self.assertEqual(consent.ip_address, "127.0.0.1")
        self.assertEqual(consent.user_agent, USER_AGENT)
        self.assertEqual(consent.state, "given")

        # The confirmation: reference and deadlines in the customer's zone.
        response = self.url_open(f"/my/complaints/new/done/{complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(complaint.number, response.text)
        answer_by = format_datetime(
            self.env,
            complaint.resolution_deadline,
            tz="Europe/Paris",
            dt_format="long",
        )
        self.assertIn(answer_by, response.text)
        self.assertIn("Europe/Paris", response.text)

        # Another customer does not see it.
        self.authenticate("rcpf-other", "rcpf-other")
        response = self.url_open(f"/my/complaints/new/done/{complaint.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(complaint.number, response.text)

    def test_html_is_escaped(self):
        csrf_token = self._login()
        response = self._post(
            self._valid_data(
                csrf_token,
                subject="<b>bold</b> subject",
                description='<script>alert("x")</script> and <img src=x onerror=1>',
                remedy_sought="<i>refund</i>",
            )
        )
        self.assertEqual(response.status_code, 303)
        complaint = self._complaints()[:1]
        self.assertIn("&lt;script&gt;", complaint.description)
        self.assertNotIn("<script", complaint.description)
        response = self.url_open(f"/my/complaints/new/done/{complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn('<script>alert("x")', response.text)
        self.assertNotIn("<img src=x", response.text)
        self.assertNotIn("<b>bold</b>", response.text)
        self.assertIn("&lt;b&gt;bold&lt;/b&gt; subject", response.text)
        self.assertIn("&lt;script&gt;alert", response.text)

    def test_bad_inputs_create_nothing(self):
        csrf_token = self._login()
        good_file = ("attachments", ("invoice.pdf", PDF, "application/pdf"))
        cases = [
            ("no subject", {"subject": "   "}, None, "Give your complaint a subject."),
            (
                "NUL characters only",
                {"subject": "\x00 \x00"},
                None,
                "Give your complaint a subject.",
            ),
            ("no description", {"description": ""}, None, "Describe what happened."),
            ("subject too long", {"subject": "s" * 201}, None, "keep it to 200"),
            (
                "description too long",
                {"description": "d" * 20001},
                None,
                "keep it to 20000",
            ),
            (
                "too many files",
                {},
                [("attachments", (f"f{i}.txt", TXT, "text/plain")) for i in range(11)],
                "attach 10 at most",
            ),
            (
                "file too large",
                {},
                [
                    (
                        "attachments",
                        (
                            "big.pdf",
                            PDF + (b"0" * 1023 + b"\n") * 10241,
                            "application/pdf",
                        ),
                    )
                ],
                "big.pdf is larger than 10 MB",
            ),
            (
                "file type not allowed",
                {},
                [
                    (
                        "attachments",
                        ("tool.exe", b"MZ\x90\x00\x03", "application/x-msdownload"),
                    )
                ],
                "tool.exe: this type of file cannot be attached",
            ),
            (
                "content is not what the name says",
                {},
                [
                    (
                        "attachments",
                        (
                            "notes.txt",
                            b"<html><script>alert(1)</script></html>",
                            "text/plain",
                        ),
                    )
                ],
                "notes.txt is not the TXT file its name says",
            ),
            (
                "executable named pdf",
                {},
                [
                    (
                        "attachments",
                        ("invoice.pdf", b"MZ\x90\x00\x03\x00", "application/pdf"),
                    )
                ],
                "invoice.pdf is not the PDF file its name says",
            ),
            ("unknown category", {"category_id": "999999"}, None, "does not exist"),
            (
                "inactive category",
                {"category_id": str(self.inactive_category.id)},
                None,
                "does not exist",
            ),
            ("non-numeric category", {"category_id": "abc"}, None, "does not exist"),
            (
                "someone else without a name",
                {"on_behalf_of": "other", "represented_party_name": " "},
                None,
                "Give the name of the person you complain for.",
            ),
            (
                "unknown capacity",
                {"on_behalf_of": "boss"},
                None,
                "Say whether you complain for yourself or for someone else.",
            ),
        ]
        for label, values, files, message in cases:
            with self.subTest(label):
                data = self._valid_data(
                    csrf_token,
                    remedy_sought="Refund <my> fee",
                    **values,
                )
                before = self._counts()
                response = self._post(data, files=files or [good_file])
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertIn("Your complaint was not sent", response.text)
                # What was typed is shown again, escaped.
                self.assertIn("Refund &lt;my&gt; fee", response.text)
                if "subject" not in values:
                    self.assertIn('value="My refund is late"', response.text)
                if "description" not in values:
                    self.assertIn("I cancelled in March", response.text)
                self.assertRegex(
                    response.text,
                    rf'name="consent_{self.satisfaction.id}"[^>]*checked',
                )
                self.assertEqual(self._counts(), before)

    def test_rate_limit(self):
        csrf_token = self._login()
        # Filed by the person on the portal (the form creates as them).
        Ticket = self.env["helpdesk.ticket"].with_user(self.customer_user).sudo()
        earlier = Ticket.create(
            [
                {
                    "name": f"Complaint {i}",
                    "description": "<p>Earlier complaint</p>",
                    "team_id": self.desk.id,
                    "partner_id": self.partner.id,
                }
                for i in range(4)
            ]
        )
        response = self._post(self._valid_data(csrf_token))
        self.assertEqual(response.status_code, 303)
        before = self._counts()
        response = self._post(self._valid_data(csrf_token, subject="Sixth one"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("5 complaints in the last hour", response.text)
        self.assertIn('value="Sixth one"', response.text)
        self.assertEqual(self._counts(), before)
        # An hour later, the person may file again; another person always may.
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = ANY(%s)",
                fields.Datetime.now() - timedelta(hours=2),
                (earlier | self._complaints()).ids,
            )
        )
        response = self._post(self._valid_data(csrf_token, subject="Sixth one"))
        self.assertEqual(response.status_code, 303)

    def test_hourly_limit_counts_what_the_person_filed(self):
        """The limit counts the complaints the person filed online, not those
        the desk recorded for them, and its message says how many they
        filed, in their language."""
        self.company.reclamation_portal_max_per_hour = 2
        self.env["helpdesk.ticket"].with_user(self.manager).create(
            [
                {
                    "name": f"Recorded by phone {i}",
                    "description": "<p>Taken down by the desk</p>",
                    "team_id": self.desk.id,
                    "partner_id": self.partner.id,
                }
                for i in range(3)
            ]
        )
        for lang, prefix, message in (
            ("en_US", "", "You have filed 2 complaints in the last hour"),
            ("fr_FR", "/fr", "Vous avez déposé 2 réclamations au cours de la"),
        ):
            with self.subTest(lang=lang):
                self.partner.lang = lang
                csrf_token = self._login()
                consent = f"consent_{self.satisfaction.id}"
                for subject in ("First", "Second"):
                    response = self._post(
                        self._valid_data(csrf_token, subject=subject, **{consent: None})
                    )
                    self.assertEqual(response.status_code, 303, subject)
                before = self._counts()
                response = self.url_open(
                    prefix + FORM_URL,
                    data=self._valid_data(
                        csrf_token, subject="Third", **{consent: None}
                    ),
                    headers={"User-Agent": USER_AGENT},
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 200)
                text = " ".join(html.fromstring(response.text).text_content().split())
                self.assertIn(message, text)
                self.assertEqual(self._counts(), before)
                # The next hour, the person may file again.
                self.env.cr.execute(
                    SQL(
                        "UPDATE helpdesk_ticket SET create_date = %s "
                        "WHERE partner_id = %s",
                        fields.Datetime.now() - timedelta(hours=2),
                        self.partner.id,
                    )
                )

    def test_hourly_limit_of_one_reads_in_the_singular(self):
        self.company.reclamation_portal_max_per_hour = 1
        csrf_token = self._login()
        self.assertEqual(self._post(self._valid_data(csrf_token)).status_code, 303)
        response = self._post(self._valid_data(csrf_token, subject="Again"))
        self.assertEqual(response.status_code, 200)
        text = " ".join(html.fromstring(response.text).text_content().split())
        self.assertIn("You have filed a complaint in the last hour", text)

    def test_no_desk_configured(self):
        self.company.reclamation_portal_team_id = False
        self.company.email = "reclamations@example.org"
        csrf_token = self._login()
        response = self.url_open(FORM_URL)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Complaints cannot be filed online yet", response.text)
        self.assertIn("reclamations@example.org", response.text)
        self.assertNotIn('name="subject"', response.text)
        before = self._counts()
        response = self._post(self._valid_data(csrf_token))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Complaints cannot be filed online yet", response.text)
        self.assertEqual(self._counts(), before)

    def test_public_user_sent_to_login(self):
        before = self._counts()
        response = self.url_open(FORM_URL, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        response = self._post(self._valid_data("bogus"))
        self.assertIn(response.status_code, (302, 303, 400, 403))
        self.assertEqual(self._counts(), before)

    @mute_logger("odoo.http")
    def test_csrf_required(self):
        csrf_token = self._login()
        before = self._counts()
        data = self._valid_data(csrf_token)
        data.pop("csrf_token")
        response = self._post(data)
        self.assertEqual(response.status_code, 400)
        response = self._post(self._valid_data("0" * 40 + "o123"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)
        self.assertFalse(self._complaints())

    def test_internal_user_cannot_file_for_the_customer(self):
        """The form files for the logged-in customer only."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.manager)
        with self.assertRaises(PortalComplaintError):
            Ticket._create_from_portal(
                self.partner,
                {"subject": "x", "description": "y"},
                [],
                self.env["reclamation.consent.text"],
                "127.0.0.1",
                USER_AGENT,
            )
        self.assertFalse(self._complaints())


# Strategies for the property test: a valid form of which a few fields are
# missing, random, or among known bad values.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=60
)
BAD_VALUES = {
    "subject": ["", " ", "\x00", "s" * 201, "<b>bold</b>"],
    "description": ["", "\r\n", "<script>alert(1)</script>", "d" * 20001],
    "remedy_sought": ["", "r" * 20001],
    "category_id": ["", "1", "-1", "999999", "0x1", "1.0", "١"],
    "on_behalf_of": ["", "other", "both", "SELF"],
    "represented_party_name": ["", " ", "n" * 201],
}
VALID_FILES = [("invoice.pdf", PDF), ("photo.png", PNG), ("notes.txt", TXT)]
# Files refused whatever their content, and random ones (name and bytes)
# that the file check judges.
INVALID_FILES = st.one_of(
    st.tuples(
        st.sampled_from(["a.exe", "b.html", "c.svg", "d", "e.js", ".pdf.exe"]),
        st.binary(max_size=64),
    ),
    st.tuples(
        st.sampled_from(["fake.pdf", "fake.png", "fake.docx"]),
        st.binary(max_size=64).map(lambda data: b"MZ" + data),
    ),
    st.just(("page.txt", b"<html><body onload=alert(1)></body></html>")),
    st.just(("empty.pdf", b"")),
).map(lambda file: (file, False))
RANDOM_FILES = st.tuples(
    st.builds(
        "{}{}".format,
        st.text(alphabet="abcXYZ019._- é", max_size=12),
        st.sampled_from(["", ".pdf", ".txt", ".PNG", ".eml", ".docx", ".exe"]),
    ),
    st.binary(min_size=1, max_size=64) | st.sampled_from([PDF, PNG, TXT]),
).map(lambda file: (file, None))
VALID_FILE = st.sampled_from(VALID_FILES).map(lambda file: (file, True))
FILE = VALID_FILE | INVALID_FILES | RANDOM_FILES
FILES = st.lists(FILE, max_size=3) | st.lists(VALID_FILE, min_size=10, max_size=12)


def _norm(value):
    value = value or ""
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


@tagged("post_install", "-at_install")
class TestPortalComplaintFormProperties(PortalComplaintFormCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.reclamation_portal_max_per_hour = 1000

    def setUp(self):
        super().setUp()
        self.csrf_token = self._login()

    def _is_valid(self, data, files):
        offered = (
            self.env["helpdesk.ticket"]
            .with_user(self.customer_user)
            ._get_portal_complaint_categories()
        )
        subject = _norm(data.get("subject")).strip()
        description = _norm(data.get("description")).strip()
        remedy = _norm(data.get("remedy_sought")).strip()
        category = _norm(data.get("category_id")).strip()
        on_behalf_of = _norm(data.get("on_behalf_of")) or "self"
        name = _norm(data.get("represented_party_name")).strip()
        return (
            0 < len(subject) <= 200
            and 0 < len(description) <= 20000
            and len(remedy) <= 20000
            and (not category or (category.isdigit() and int(category) in offered.ids))
            and on_behalf_of in ("self", "other")
            and (on_behalf_of == "self" or 0 < len(name) <= 200)
            and len(files) <= 10
            and all(
                valid
                if valid is not None
                else self.env["helpdesk.ticket"]._check_portal_complaint_file(*file)
                is None
                for file, valid in files
            )
        )

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(draw=st.data())
    def test_malformed_posts_never_fail_nor_create_unless_valid(self, draw):
        data = self._valid_data(
            None,
            on_behalf_of=draw.draw(st.sampled_from(["self", "other"])),
            represented_party_name="Jeanne Durand",
        )
        data.pop(f"consent_{self.satisfaction.id}")
        for name in draw.draw(st.sets(st.sampled_from(sorted(BAD_VALUES)), max_size=3)):
            value = draw.draw(
                st.none() | TEXT | st.sampled_from(BAD_VALUES[name]), label=name
            )
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        consent = draw.draw(st.booleans(), label="consent")
        if consent:
            data[f"consent_{self.satisfaction.id}"] = "on"
        data.update(
            draw.draw(
                st.dictionaries(
                    st.sampled_from(
                        ["consent_0", "consent_abc", "team_id", "partner_id"]
                    ),
                    TEXT,
                    max_size=2,
                ),
                label="extra fields",
            )
        )
        csrf = draw.draw(st.sampled_from(["valid"] * 4 + ["missing", "wrong"]))
        if csrf == "valid":
            data["csrf_token"] = self.csrf_token
        elif csrf == "wrong":
            data["csrf_token"] = "x" * 10
        files = draw.draw(FILES, label="files")
        multipart = [
            ("attachments", (name, content, "application/octet-stream"))
            for (name, content), _valid in files
        ]
        before = self._counts()
        with mute_logger("odoo.http"):
            response = self._post(data, files=multipart or None)
        self.assertLess(response.status_code, 500, response.text[:2000])
        after = self._counts()
        if csrf != "valid":
            self.assertEqual(response.status_code, 400)
            self.assertEqual(after, before)
        elif self._is_valid(data, files):
            self.assertEqual(response.status_code, 303, response.text[:3000])
            self.assertEqual(after["helpdesk.ticket"], before["helpdesk.ticket"] + 1)
            self.assertEqual(
                after["reclamation.consent"],
                before["reclamation.consent"] + int(consent),
            )
        else:
            self.assertEqual(response.status_code, 200)
            self.assertIn("Your complaint was not sent", response.text)
            self.assertEqual(after, before)


@tagged("post_install", "-at_install")
class TestPortalComplaintSettings(TransactionCase):
    def test_settings_choose_the_desk_and_the_limit(self):
        Team = self.env["helpdesk.ticket.team"]
        desk = Team.create({"name": "Complaint desk", "is_complaint_desk": True})
        support = Team.create({"name": "IT support"})
        with Form(self.env["res.config.settings"]) as settings_form:
            self.assertEqual(settings_form.reclamation_portal_max_per_hour, 5)
            settings_form.reclamation_portal_team_id = desk
            settings_form.reclamation_portal_max_per_hour = 3
        settings_form.save().execute()
        self.assertEqual(self.env.company.reclamation_portal_team_id, desk)
        self.assertEqual(self.env.company.reclamation_portal_max_per_hour, 3)
        with self.assertRaises(ValidationError):
            self.env.company.reclamation_portal_team_id = support
        with self.assertRaises(ValidationError):
            self.env.company.reclamation_portal_max_per_hour = 0
