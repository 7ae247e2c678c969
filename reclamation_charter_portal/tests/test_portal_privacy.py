# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``/my/privacy`` and ``/privacy-notice``: a customer's consents, data
download and requests, tried over HTTP by the owner, a colleague of the same
company, a customer of another company, a staff member and the public."""

import io
import json
import zipfile
from contextlib import contextmanager
from datetime import date

from lxml import html

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import PhoneCheckMixin


@tagged("post_install", "-at_install")
class TestPortalPrivacy(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.env["res.partner"].create(
            {"name": "Acme Logistics", "is_company": True}
        )

        def portal_user(login, name):
            return new_test_user(
                cls.env,
                login=login,
                password=login,
                groups="base.group_portal",
                name=name,
                email=f"{login}@example.com",
            )

        cls.alice = portal_user("rcp-priv-alice", "Alice Martin")
        cls.colette = portal_user("rcp-priv-colette", "Colette Acme")
        (cls.alice | cls.colette).partner_id.parent_id = cls.acme
        cls.bob = portal_user("rcp-priv-bob", "Bob Leroy")
        cls.nobody = portal_user("rcp-priv-nobody", "Noémie Sans")
        cls.dpo = new_test_user(
            cls.env,
            login="rcp-priv-dpo",
            password="rcp-priv-dpo",
            groups="reclamation_charter.group_reclamation_dpo",
        )
        cls.handler = new_test_user(
            cls.env,
            login="rcp-priv-handler",
            password="rcp-priv-handler",
            groups="reclamation_charter.group_reclamation_handler",
        )
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Mutuelle Assurance Ouest", "is_company": True}
        )
        cls.mediator = cls.env["res.partner"].create(
            {"name": "Médiateur Conso Est", "is_company": True}
        )
        cls.desk = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaint desk",
                "is_complaint_desk": True,
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )
        Ticket = cls.env["helpdesk.ticket"]
        cls.alice_complaint = Ticket.create(
            {
                "name": "Refund of Alice never came",
                "description": "<p>Alice waits for her refund.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.alice.partner_id.id,
                "remedy_sought": "Refund",
            }
        )
        cls.alice_complaint.message_post(
            body="Internal: check the refund ledger of Alice",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.alice_complaint.message_post(
            body="We are looking into your refund.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # Bob complains for Alice: the complaint concerns her too.
        cls.for_alice = Ticket.create(
            {
                "name": "Bob complains for Alice about her parcel",
                "description": "<p>Her parcel was lost.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.bob.partner_id.id,
                "complainant_capacity": "representative",
                "represented_party_name": "Alice Martin",
                "represented_partner_id": cls.alice.partner_id.id,
                "remedy_sought": "New parcel",
            }
        )
        cls.colette_complaint = Ticket.create(
            {
                "name": "Colette's secret complaint",
                "description": "<p>Colette's private matter.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.colette.partner_id.id,
                "remedy_sought": "Apology",
            }
        )
        text = cls.env["reclamation.consent.text"].create(
            {
                "name": "Sharing your complaint",
                "purpose_id": cls.env.ref(
                    "reclamation_charter.consent_purpose_sharing"
                ).id,
                "lang": "en_US",
                "body": "<p>I agree that my complaint file is sent to the third "
                "party named below.</p>",
            }
        )
        text.action_publish()
        Consent = cls.env["reclamation.consent"]

        def consent(user, ticket, recipient, ip):
            return Consent._record_portal_consent(
                user.partner_id, text, ticket, ip, "Firefox", recipient=recipient
            )

        cls.alice_consent = consent(
            cls.alice, cls.alice_complaint, cls.insurer, "192.0.2.10"
        )
        cls.colette_consent = consent(
            cls.colette, cls.colette_complaint, cls.mediator, "192.0.2.20"
        )
        cls.bob_consent = consent(cls.bob, cls.for_alice, cls.insurer, "192.0.2.30")
        Notice = cls.env["reclamation.privacy.notice"]
        Notice.search([("state", "=", "published")]).action_retire()
        cls.notice = Notice.create(
            {
                "version": "test-1",
                "effective_date": date(2024, 1, 1),
                "text": "<p>We keep your complaint for five years.</p>",
            }
        )
        cls.notice.action_publish()
        cls.draft_notice = Notice.create(
            {
                "version": "test-2",
                "effective_date": date(2024, 6, 1),
                "text": "<p>Unpublished wording of the notice.</p>",
            }
        )

    # Helpers

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _post(self, url, csrf=True, **values):
        if csrf:
            values["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=values, allow_redirects=False, method="POST")

    def _withdraw_url(self, consent):
        return f"/my/privacy/consent/{consent.id}/withdraw"

    @contextmanager
    def _assert_untouched(self, consents):
        states = {c: (c.state, c.withdrawal_date, c.message_ids) for c in consents}
        requests = self.env["reclamation.data.request"].search_count([])
        yield
        self.env.invalidate_all()
        for consent, before in states.items():
            self.assertEqual(
                (consent.state, consent.withdrawal_date, consent.message_ids), before
            )
        self.assertEqual(
            self.env["reclamation.data.request"].search_count([]), requests
        )

    def _export(self, user):
        self._login(user)
        response = self._post("/my/privacy/export")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        self.assertTrue(
            response.headers["Content-Disposition"].startswith("attachment;")
        )
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            data = json.loads(archive.read("data.json"))
            return data, archive.namelist(), response.content

    # Consents

    def test_owner_sees_and_withdraws_her_consent(self):
        self._login(self.alice)
        response = self.url_open("/my/privacy")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mutuelle Assurance Ouest", response.text)
        self.assertNotIn("Médiateur Conso Est", response.text)
        forms = html.fromstring(response.text).xpath(
            f"//form[@action='{self._withdraw_url(self.alice_consent)}']"
        )
        self.assertEqual(len(forms), 1)
        self.assertEqual(forms[0].get("method"), "post")
        self.assertTrue(forms[0].xpath(".//input[@name='csrf_token']/@value"))
        # Bob's consent on the complaint made for Alice is not hers.
        self.assertNotIn(self._withdraw_url(self.bob_consent), response.text)

        response = self._post(self._withdraw_url(self.alice_consent))
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith("/my/privacy?done=consent_withdrawn")
        )
        self.env.invalidate_all()
        self.assertEqual(self.alice_consent.state, "withdrawn")
        self.assertEqual(self.alice_consent.withdrawal_channel, "portal")
        self.assertTrue(self.alice_consent.withdrawal_date)
        response = self.url_open("/my/privacy?done=consent_withdrawn")
        self.assertIn("Your consent is withdrawn", response.text)
        self.assertNotIn(self._withdraw_url(self.alice_consent), response.text)
        # Withdrawing again changes nothing and is no error.
        with self._assert_untouched(self.alice_consent):
            response = self._post(self._withdraw_url(self.alice_consent))
            self.assertEqual(response.status_code, 303)

    def test_others_cannot_withdraw_or_see_a_consent(self):
        # A colleague of the same company, a customer of another company
        # (who gave a consent on a complaint concerning Alice), and the DPO,
        # who may read every consent: the portal route is for one's own.
        for user in (self.colette, self.bob, self.dpo):
            with self.subTest(user=user.login):
                self._login(user)
                page = self.url_open("/my/privacy")
                self.assertEqual(page.status_code, 200)
                self.assertNotIn(self._withdraw_url(self.alice_consent), page.text)
                with self._assert_untouched(self.alice_consent):
                    response = self._post(self._withdraw_url(self.alice_consent))
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn("Mutuelle Assurance Ouest", response.text)
        # An id that does not exist: the same answer.
        self._login(self.alice)
        response = self._post("/my/privacy/consent/999999999/withdraw")
        self.assertEqual(response.status_code, 404)

    def test_public_user_is_sent_to_login(self):
        self.authenticate(None, None)
        with self._assert_untouched(self.alice_consent):
            for url in ("/my/privacy", self._withdraw_url(self.alice_consent)):
                with self.subTest(url=url):
                    if url == "/my/privacy":
                        response = self.url_open(url, allow_redirects=False)
                    else:
                        response = self._post(url)
                    self.assertIn(response.status_code, (302, 303))
                    self.assertIn("/web/login", response.headers["Location"])

    def test_state_changes_refuse_get(self):
        self._login(self.alice)
        with self._assert_untouched(self.alice_consent):
            for url in (
                self._withdraw_url(self.alice_consent),
                "/my/privacy/export",
                "/my/privacy/request?request_type=erasure",
            ):
                with self.subTest(url=url):
                    response = self.url_open(url, allow_redirects=False)
                    self.assertEqual(response.status_code, 405)

    @mute_logger("odoo.http")
    def test_state_changes_refuse_a_missing_csrf_token(self):
        self._login(self.alice)
        with self._assert_untouched(self.alice_consent):
            for url, values in (
                (self._withdraw_url(self.alice_consent), {}),
                ("/my/privacy/export", {}),
                ("/my/privacy/request", {"request_type": "erasure"}),
            ):
                with self.subTest(url=url):
                    response = self._post(url, csrf=False, **values)
                    self.assertEqual(response.status_code, 400)
                    self.assertNotIn(
                        "application/zip", response.headers.get("Content-Type", "")
                    )

    # Download

    def test_export_holds_her_complaints_only(self):
        data, names, content = self._export(self.alice)
        self.assertEqual(
            {complaint["reference"] for complaint in data["complaints"]},
            {self.alice_complaint.number, self.for_alice.number},
        )
        self.assertEqual(data["person"]["name"], "Alice Martin")
        raw = content.decode("latin-1")
        dump = json.dumps(data, ensure_ascii=False)
        for secret in ("Colette", "Médiateur Conso Est", "192.0.2.20"):
            self.assertNotIn(secret, dump)
        # What the portal does not show her: the internal note, and the IP
        # address Bob consented from on the complaint he made for her.
        self.assertNotIn("refund ledger", dump)
        self.assertNotIn("192.0.2.30", dump)
        self.assertIn("We are looking into your refund.", dump)
        self.assertEqual([c["ip_address"] for c in data["consents"]], ["192.0.2.10"])
        self.assertIn("data.json", names)
        self.assertNotIn("Colette", raw)
        # The download is logged on each complaint.
        logs = self.env["reclamation.decision.log"].search(
            [("kind", "=", "export"), ("user_id", "=", self.alice.id)]
        )
        self.assertEqual(logs.ticket_id, self.alice_complaint | self.for_alice)

    def test_export_holds_nothing_internal_nor_about_another_person(self):
        """Her download holds what she gave, what was sent to her and the
        decisions about her: not what the association wrote for itself
        (a legal hold's reason, its files), nor what it wrote about Bob, who
        complained on her behalf."""
        Log = self.env["reclamation.decision.log"]
        Log._log(
            "legal_hold",
            self.alice_complaint,
            after="Legal hold",
            reason="The police suspect Alice of insurance fraud.",
        )
        # A contact-change request about Bob, logged on his latest complaint:
        # the one he made for Alice.
        Log._log(
            "partner_change_request",
            self.for_alice,
            after="Archive",
            reason="Bob is suspected of fraud.",
            values_model="res.partner",
        )
        Log._log(
            "extension",
            self.alice_complaint,
            after="2026-05-01",
            reason="We are waiting for the bank's answer.",
        )
        Attachment = self.env["ir.attachment"]
        Attachment.with_user(self.handler).create(
            {
                "name": "fraud-check.txt",
                "raw": b"Fraud check of Alice",
                "res_model": "helpdesk.ticket",
                "res_id": self.alice_complaint.id,
            }
        )
        Attachment.with_user(self.alice).sudo().create(
            {
                "name": "bank-statement.txt",
                "raw": b"Statement of Alice",
                "res_model": "helpdesk.ticket",
                "res_id": self.alice_complaint.id,
            }
        )
        data, names, content = self._export(self.alice)
        dump = json.dumps(data, ensure_ascii=False)
        for secret in (
            "police",
            "suspected of fraud",
            "fraud-check",
            "Legal hold",
        ):
            self.assertFalse(secret in dump, f"{secret} is in the download")
        self.assertNotIn(b"Fraud check of Alice", content)
        self.assertIn("We are waiting for the bank's answer.", dump)
        self.assertIn("bank-statement.txt", dump)
        self.assertTrue(any(name.endswith("bank-statement.txt") for name in names))
        self.assertEqual(
            {decision["decision"] for decision in data["decisions"]},
            {"Holding letter"},
        )
        # The data protection officer's answer to an access request still
        # holds everything, for review (GDPR article 15(4)).
        full, _file = self.env["reclamation.privacy"]._collect(
            self.alice_complaint | self.for_alice, self.alice.partner_id
        )
        full = json.dumps(full, ensure_ascii=False, default=str)
        self.assertIn("police", full)
        self.assertIn("fraud-check", full)

    def test_colleague_export_holds_none_of_alice(self):
        data, _names, _content = self._export(self.colette)
        self.assertEqual(
            [complaint["reference"] for complaint in data["complaints"]],
            [self.colette_complaint.number],
        )
        dump = json.dumps(data, ensure_ascii=False)
        self.assertNotIn("Alice", dump)
        self.assertNotIn("192.0.2.10", dump)

    def test_export_without_complaint_says_so(self):
        self._login(self.nobody)
        response = self._post("/my/privacy/export")
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/html", response.headers["Content-Type"])
        self.assertIn("You have no complaint with us", response.text)

    def test_staff_export_only_their_own(self):
        # A desk member reads every complaint of the desk, the DPO every
        # complaint: on the portal, their download is about themselves.
        for user in (self.handler, self.dpo):
            with self.subTest(user=user.login):
                self._login(user)
                response = self._post("/my/privacy/export")
                self.assertEqual(response.status_code, 200)
                self.assertIn("text/html", response.headers["Content-Type"])
                self.assertIn("You have no complaint with us", response.text)
                self.assertNotIn("Refund of Alice", response.text)

    # Requests

    def test_requests_of_each_type(self):
        self._login(self.alice)
        Request = self.env["reclamation.data.request"]
        for request_type, details in (
            ("erasure", ""),
            ("restriction", "Stop using my file while you check it."),
            ("rectification", "My name is Alice Martin, not Alice Martins."),
        ):
            with self.subTest(request_type=request_type):
                response = self._post(
                    "/my/privacy/request", request_type=request_type, details=details
                )
                self.assertEqual(response.status_code, 303)
                self.assertTrue(
                    response.headers["Location"].endswith(
                        "/my/privacy?done=request_created"
                    )
                )
                request = Request.search(
                    [
                        ("partner_id", "=", self.alice.partner_id.id),
                        ("request_type", "=", request_type),
                    ]
                )
                self.assertEqual(len(request), 1)
                self.assertEqual(request.state, "new")
                self.assertEqual(request.details or "", details)
                self.assertEqual(request.received_date, date.today())
                self.assertTrue(request.deadline > request.received_date)
                self.assertFalse(request.user_id)
        page = self.url_open("/my/privacy")
        requests = Request.search([("partner_id", "=", self.alice.partner_id.id)])
        for request in requests:
            self.assertIn(request.name, page.text)
        # Nobody else sees them.
        self._login(self.colette)
        page = self.url_open("/my/privacy")
        for request in requests:
            self.assertNotIn(request.name, page.text)

    def test_request_details_with_a_nul_character(self):
        """PostgreSQL refuses NUL characters: they are dropped from the
        details (a server error before)."""
        self._login(self.alice)
        response = self._post(
            "/my/privacy/request",
            request_type="rectification",
            details="My name is Alice\x00 Martin.",
        )
        self.assertEqual(response.status_code, 303)
        request = self.env["reclamation.data.request"].search(
            [
                ("partner_id", "=", self.alice.partner_id.id),
                ("request_type", "=", "rectification"),
            ]
        )
        self.assertEqual(len(request), 1)
        self.assertIn("My name is Alice Martin.", request.details)
        self.assertNotIn("\x00", request.details)

    def test_bad_requests_create_nothing(self):
        self._login(self.alice)
        Request = self.env["reclamation.data.request"]
        for values, message in (
            ({"request_type": "bogus"}, "Choose what you ask"),
            ({"request_type": "access"}, "Choose what you ask"),
            ({}, "Choose what you ask"),
            ({"request_type": "rectification", "details": "  "}, "what is wrong"),
            (
                {"request_type": "rectification", "details": "x" * 5001},
                "too long",
            ),
        ):
            with (
                self.subTest(values=values),
                self._assert_untouched(self.alice_consent),
            ):
                response = self._post("/my/privacy/request", **values)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
        self.assertFalse(
            Request.search([("partner_id", "=", self.alice.partner_id.id)])
        )
        # Typed text comes back, escaped.
        response = self._post(
            "/my/privacy/request",
            request_type="bogus",
            details="<script>alert(1)</script>",
        )
        self.assertNotIn("<script>alert(1)</script>", response.text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", response.text)
        # An erasure already asked is not asked twice.
        self._post("/my/privacy/request", request_type="erasure")
        response = self._post("/my/privacy/request", request_type="erasure")
        self.assertEqual(response.status_code, 200)
        self.assertIn("is already being handled", response.text)
        self.assertEqual(
            Request.search_count([("partner_id", "=", self.alice.partner_id.id)]), 1
        )

    def test_erasure_request_covers_her_complaints_not_an_address_she_typed(self):
        """Noémie gives Walter's address as hers, then asks for erasure: her
        request covers her own complaints; Walter's, found by that address,
        are only candidates the data protection officer confirms, and her
        erasure leaves them as they were."""
        closed = self.env["helpdesk.ticket.stage"].create(
            {
                "name": "Closed (privacy)",
                "closed": True,
                "team_ids": [(4, self.desk.id)],
            }
        )
        root_cause = self.env.ref("reclamation_charter.root_cause_delay")
        walter = self.env["res.partner"].create(
            {"name": "Walter Brenner", "email": "walter.brenner@example.org"}
        )
        Ticket = self.env["helpdesk.ticket"]
        walters, noemies = (
            Ticket.create(
                {
                    "name": name,
                    "description": "<p>.</p>",
                    "team_id": self.desk.id,
                    "partner_id": partner.id,
                }
            )
            for name, partner in (
                ("Walter's lost luggage", walter),
                ("Noémie's late refund", self.nobody.partner_id),
            )
        )
        (walters | noemies).write(
            {"stage_id": closed.id, "root_cause_id": root_cause.id}
        )
        walters_request = self.env["reclamation.data.request"].create(
            {
                "request_type": "access",
                "partner_id": walter.id,
                "details": "Walter asks for a copy of his file.",
            }
        )
        self._login(self.nobody)
        response = self._post(
            "/my/address/submit",
            partner_id=self.nobody.partner_id.id,
            name="Noémie Sans",
            email="Walter.Brenner@example.org",
            phone="+33 2 98 00 00 00",
            street="1 rue du Port",
            city="Brest",
            zip="29200",
            country_id=self.env.ref("base.fr").id,
        )
        self.assertNotIn("invalid_fields", response.text)
        self.assertEqual(self.nobody.partner_id.email, "Walter.Brenner@example.org")
        self._post("/my/privacy/request", request_type="erasure")
        erasure = self.env["reclamation.data.request"].search(
            [("partner_id", "=", self.nobody.partner_id.id)]
        )
        erasure = erasure.with_user(self.dpo)
        self.assertEqual(erasure.ticket_ids, noemies)
        self.assertEqual(erasure.candidate_ticket_ids, walters)
        erasure.action_erase()
        self.assertEqual(noemies.retention_phase, "anonymised")
        self.assertEqual(walters.retention_phase, "active")
        self.assertEqual(walters.partner_id, walter)
        self.assertEqual(walter.name, "Walter Brenner")
        self.assertTrue(walters.message_ids)
        self.assertEqual(walters_request.details, "Walter asks for a copy of his file.")

    def test_staff_make_no_portal_request(self):
        self._login(self.dpo)
        with self._assert_untouched(self.alice_consent):
            response = self._post("/my/privacy/request", request_type="erasure")
            self.assertEqual(response.status_code, 403)

    # Home and notice

    def test_home_has_a_privacy_tile(self):
        self._login(self.alice)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            html.fromstring(response.text).xpath("//a[@href='/my/privacy']")
        )

    def test_privacy_notice_page_shows_the_published_text(self):
        for user in (None, self.alice):
            with self.subTest(user=user and user.login):
                if user:
                    self._login(user)
                else:
                    self.authenticate(None, None)
                response = self.url_open("/privacy-notice")
                self.assertEqual(response.status_code, 200)
                self.assertIn("We keep your complaint for five years.", response.text)
                self.assertIn("test-1", response.text)
                self.assertNotIn("Unpublished wording", response.text)
        self.draft_notice.action_publish()
        response = self.url_open("/privacy-notice")
        self.assertIn("Unpublished wording", response.text)
        self.assertNotIn("five years", response.text)


@tagged("post_install", "-at_install")
class TestPortalPrivacyOnAPhone(PhoneCheckMixin, HttpCase):
    """``/my/privacy`` on a 375-pixel-wide phone: the consents with their
    Withdraw button and the requests fit the screen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.customer = new_test_user(
            cls.env,
            login="rcp-phone-customer",
            password="rcp-phone-customer",
            groups="base.group_portal",
            name="Camille Durand-Lefebvre",
            email="rcp-phone-customer@example.com",
        )
        desk = cls.env["helpdesk.ticket.team"].create(
            {"name": "Complaint desk", "is_complaint_desk": True}
        )
        complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Parcel lost",
                "description": "<p>My parcel was lost.</p>",
                "team_id": desk.id,
                "partner_id": cls.customer.partner_id.id,
            }
        )
        text = cls.env["reclamation.consent.text"].create(
            {
                "name": "Sharing your complaint",
                "purpose_id": cls.env.ref(
                    "reclamation_charter.consent_purpose_sharing"
                ).id,
                "lang": "en_US",
                "body": "<p>I agree that my file is sent to the party below.</p>",
            }
        )
        text.action_publish()
        insurer = cls.env["res.partner"].create(
            {"name": "Mutuelle d'Assurance Ouest", "is_company": True}
        )
        cls.env["reclamation.consent"]._record_portal_consent(
            cls.customer.partner_id,
            text,
            complaint,
            "192.0.2.10",
            "Firefox",
            recipient=insurer,
        )
        cls.env["reclamation.data.request"].create(
            {
                "request_type": "rectification",
                "partner_id": cls.customer.partner_id.id,
                "details": "My address is wrong.",
            }
        )

    def test_privacy_page_fits_a_phone(self):
        for prefix in ("", "/fr"):
            with self.subTest(prefix=prefix):
                self._check_fits_a_phone(
                    f"{prefix}/my/privacy",
                    "#privacy_consents form[action*='/withdraw'] button,"
                    " #privacy_requests td",
                    ".o_reclamation_portal_privacy *",
                    login="rcp-phone-customer",
                )
