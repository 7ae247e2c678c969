# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a customer logged in on the portal can do to a ticket that is not
theirs, tried over HTTP as an attacker would."""

from contextlib import contextmanager

from lxml import html

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPortalTicketClose(HttpCase):
    """``/ticket/close``: POST with CSRF only, by the ticket's customer only,
    and never for a complaint."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = new_test_user(
            cls.env,
            login="rcp-close-alice",
            password="rcp-close-alice",
            groups="base.group_portal",
            name="Alice Martin",
            email="alice.martin@example.com",
        )
        cls.bob = new_test_user(
            cls.env,
            login="rcp-close-bob",
            password="rcp-close-bob",
            groups="base.group_portal",
            name="Bob Leroy",
            email="bob.leroy@example.com",
        )
        Team = cls.env["helpdesk.ticket.team"]
        cls.desk = Team.create({"name": "Complaint desk", "is_complaint_desk": True})
        cls.support = Team.create({"name": "IT support"})
        cls.other_team = Team.create({"name": "Another team"})
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.closed_elsewhere = cls.env["helpdesk.ticket.stage"].create(
            {
                "name": "Closed by another team",
                "closed": True,
                "close_from_portal": True,
                "team_ids": [(6, 0, cls.other_team.ids)],
            }
        )
        Ticket = cls.env["helpdesk.ticket"]
        cls.complaint = Ticket.create(
            {
                "name": "Complaint of Alice about her refund",
                "description": "<p>Still waiting for my refund.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.alice.partner_id.id,
                "remedy_sought": "Refund",
            }
        )
        cls.ticket = Ticket.create(
            {
                "name": "Printer of Alice jams",
                "description": "<p>Paper jam.</p>",
                "team_id": cls.support.id,
                "partner_id": cls.alice.partner_id.id,
            }
        )

    def _close(self, ticket, stage=None, method="POST", csrf=True):
        values = {"ticket_id": ticket.id, "stage_id": (stage or self.done).id}
        if method == "GET":
            return self.url_open("/ticket/close", params=values, allow_redirects=False)
        if csrf:
            values["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open("/ticket/close", data=values, allow_redirects=False)

    @contextmanager
    def _assert_untouched(self, ticket):
        """Nothing changes on the ticket, nothing is logged, no mail leaves."""
        stage, messages = ticket.stage_id, ticket.message_ids
        mails = self.env["mail.mail"].sudo().search_count([])
        yield
        self.env.invalidate_all()
        self.assertEqual(ticket.stage_id, stage)
        self.assertFalse(ticket.closed)
        self.assertFalse(ticket.closed_date)
        self.assertEqual(ticket.message_ids, messages)
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails)

    def test_get_is_refused(self):
        self.authenticate("rcp-close-alice", "rcp-close-alice")
        for ticket in (self.ticket, self.complaint):
            with self.subTest(ticket=ticket.name), self._assert_untouched(ticket):
                response = self._close(ticket, method="GET")
                self.assertEqual(response.status_code, 405)

    @mute_logger("odoo.http")
    def test_post_without_csrf_is_refused(self):
        self.authenticate("rcp-close-alice", "rcp-close-alice")
        with self._assert_untouched(self.ticket):
            response = self._close(self.ticket, csrf=False)
            self.assertEqual(response.status_code, 400)

    def test_other_customer_cannot_close(self):
        self.authenticate("rcp-close-bob", "rcp-close-bob")
        for ticket in (self.ticket, self.complaint):
            with self.subTest(ticket=ticket.name), self._assert_untouched(ticket):
                response = self._close(ticket)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(ticket.name, response.text)

    def test_public_user_cannot_close(self):
        self.authenticate(None, None)
        for method in ("GET", "POST"):
            with self.subTest(method=method), self._assert_untouched(self.ticket):
                response = self._close(self.ticket, method=method)
                if method == "GET":
                    self.assertEqual(response.status_code, 405)
                else:
                    self.assertEqual(response.status_code, 303)
                    self.assertIn("/web/login", response.headers["Location"])

    def test_owner_cannot_close_a_complaint(self):
        self.authenticate("rcp-close-alice", "rcp-close-alice")
        with self._assert_untouched(self.complaint):
            response = self._close(self.complaint)
            self.assertEqual(response.status_code, 403)

    def test_owner_cannot_use_a_stage_of_another_team(self):
        self.authenticate("rcp-close-alice", "rcp-close-alice")
        with self._assert_untouched(self.ticket):
            response = self._close(self.ticket, stage=self.closed_elsewhere)
            # As helpdesk_mgmt answers: back to the ticket, nothing changed.
            self.assertEqual(response.status_code, 302)
            self.assertTrue(
                response.headers["Location"].endswith(f"/my/ticket/{self.ticket.id}")
            )

    def test_owner_closes_her_ticket(self):
        self.authenticate("rcp-close-alice", "rcp-close-alice")
        response = self._close(self.ticket)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{self.ticket.id}")
        )
        self.env.invalidate_all()
        self.assertEqual(self.ticket.stage_id, self.done)
        self.assertTrue(self.ticket.closed_date)
        # The chatter records who closed it.
        closing = self.ticket.message_ids.filtered(
            lambda message: self.done.name
            in message.tracking_value_ids.mapped("new_value_char")
        )
        self.assertEqual(closing.author_id, self.alice.partner_id)

    def test_close_buttons_post_with_csrf_and_not_for_complaints(self):
        self.authenticate("rcp-close-alice", "rcp-close-alice")
        response = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Printer of Alice jams", response.text)
        forms = html.fromstring(response.text).xpath("//form[@action='/ticket/close']")
        self.assertTrue(forms)
        for form in forms:
            self.assertEqual(form.get("method"), "POST")
            self.assertTrue(form.xpath(".//input[@name='csrf_token']/@value"))
        offered = {
            int(form.xpath(".//input[@name='stage_id']/@value")[0]) for form in forms
        }
        self.assertIn(self.done.id, offered)
        self.assertNotIn(self.closed_elsewhere.id, offered)
        response = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Complaint of Alice about her refund", response.text)
        self.assertNotIn('action="/ticket/close"', response.text)

    def test_ticket_list_survives_bad_parameters(self):
        """helpdesk_mgmt's list answered 500 to these: now the default page,
        still listing the customer's own ticket."""
        self.authenticate("rcp-close-alice", "rcp-close-alice")
        for query in (
            "sortby=bogus",
            "groupby=bogus",
            "filterby=bogus",
            "search_in=bogus",
            "date_begin=x&date_end=y",
            "search=%00",
            "sortby=%00&groupby=%00&filterby=%00",
        ):
            with self.subTest(query=query):
                response = self.url_open(f"/my/tickets?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertIn(self.ticket.name, response.text)


@tagged("post_install", "-at_install")
class TestPortalComplaintPrivacy(HttpCase):
    """A complaint is seen by the person who complains and the person they
    represent, not by their colleagues at the same company, on every route
    of the portal and of the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.env["res.partner"].create(
            {"name": "Acme Logistics", "is_company": True}
        )
        cls.claire = new_test_user(
            cls.env,
            login="rcp-claire",
            password="rcp-claire",
            groups="base.group_portal",
            name="Claire Petit",
            email="claire.petit@example.com",
        )
        cls.denis = new_test_user(
            cls.env,
            login="rcp-denis",
            password="rcp-denis",
            groups="base.group_portal",
            name="Denis Moreau",
            email="denis.moreau@example.com",
        )
        (cls.claire | cls.denis).partner_id.parent_id = cls.acme
        cls.emile = new_test_user(
            cls.env,
            login="rcp-emile",
            password="rcp-emile",
            groups="base.group_portal",
            name="Emile Petit",
            email="emile.petit@example.com",
        )
        Team = cls.env["helpdesk.ticket.team"]
        cls.desk = Team.create({"name": "Complaint desk", "is_complaint_desk": True})
        cls.support = Team.create({"name": "IT support"})
        Ticket = cls.env["helpdesk.ticket"]
        cls.complaint = Ticket.create(
            {
                "name": "Disclosure of the medical file of my father",
                "description": "<p>His diabetes treatment was disclosed.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.claire.partner_id.id,
                "complainant_capacity": "representative",
                "represented_party_name": "Emile Petit",
                "represented_partner_id": cls.emile.partner_id.id,
                "remedy_sought": "Apology",
            }
        )
        cls.complaint.message_post(
            body="We have asked the clinic how the file left.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # Sent by Claire with the complaint form (the form stores the
        # files as the customer, with sudo).
        cls.attachment = (
            cls.env["ir.attachment"]
            .with_user(cls.claire)
            .sudo()
            .create(
                {
                    "name": "medical-certificate.txt",
                    "raw": b"Glycaemia 2.1 g/L",
                    "res_model": "helpdesk.ticket",
                    "res_id": cls.complaint.id,
                }
            )
        )
        cls.denis_complaint = Ticket.create(
            {
                "name": "Parcel of Denis never arrived",
                "description": "<p>Parcel lost.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.denis.partner_id.id,
                "remedy_sought": "Refund",
            }
        )
        cls.company_ticket = Ticket.create(
            {
                "name": "Acme badge reader broken",
                "description": "<p>The reader at the door is broken.</p>",
                "team_id": cls.support.id,
                "partner_id": cls.claire.partner_id.id,
            }
        )
        # Content of the complaint that must not reach a colleague.
        cls.secrets = (
            "Disclosure of the medical file",
            "diabetes",
            "asked the clinic",
            "medical-certificate",
            "Glycaemia",
        )

    def _assert_no_secret(self, response):
        for secret in self.secrets:
            self.assertNotIn(secret, response.text)

    def _jsonrpc(self, route, params):
        return self.url_open(
            route,
            json={"id": 0, "jsonrpc": "2.0", "method": "call", "params": params},
        )

    def _thread(self, ticket):
        return {"thread_model": "helpdesk.ticket", "thread_id": ticket.id}

    def _mail_data(self, ticket):
        return self._jsonrpc(
            "/mail/data",
            {
                "fetch_params": [
                    [
                        "mail.thread",
                        {
                            **self._thread(ticket),
                            "request_list": ["display_name"],
                        },
                    ]
                ]
            },
        )

    # The person who complains and the person she represents

    def test_complainant_and_represented_person_read_the_complaint(self):
        for login in ("rcp-claire", "rcp-emile"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(f"/my/ticket/{self.complaint.id}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("Disclosure of the medical file", response.text)
                self.assertIn("diabetes", response.text)
                self.assertIn("medical-certificate.txt", response.text)
                # Portal users read attachments through the token of the link.
                (link,) = html.fromstring(response.text).xpath(
                    f"//a[starts-with(@href, '/web/content/{self.attachment.id}?')]"
                    "/@href"
                )
                self.assertIn("access_token=", link)
                response = self.url_open(link)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.content, b"Glycaemia 2.1 g/L")
                # Complaints are listed on their own page, not with tickets.
                listing = self.url_open("/my/complaints")
                self.assertEqual(listing.status_code, 200)
                self.assertIn("Disclosure of the medical file", listing.text)
                response = self._jsonrpc(
                    "/mail/chatter_fetch", self._thread(self.complaint)
                )
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("error", response.json())
                self.assertIn("asked the clinic", response.text)
                response = self._mail_data(self.complaint)
                self.assertEqual(response.status_code, 200)
                (thread,) = response.json()["result"]["mail.thread"]
                self.assertTrue(thread["hasReadAccess"])
                self.assertIn("Disclosure of the medical file", thread["display_name"])

    # A colleague at the same company

    def test_colleague_cannot_open_the_complaint_page(self):
        self.authenticate("rcp-denis", "rcp-denis")
        response = self.url_open(
            f"/my/ticket/{self.complaint.id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self._assert_no_secret(response)
        response = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my"))
        self._assert_no_secret(response)

    def test_colleague_does_not_list_the_complaint(self):
        self.authenticate("rcp-denis", "rcp-denis")
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Parcel of Denis never arrived", response.text)
        self._assert_no_secret(response)
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        # Tickets that are not complaints are still shared in the company.
        self.assertIn("Acme badge reader broken", response.text)
        self._assert_no_secret(response)

    def test_colleague_cannot_read_the_attachment(self):
        # Without the token of the link on the complaint page, which the
        # colleague cannot open.
        self.authenticate("rcp-denis", "rcp-denis")
        for url in (
            f"/web/content/{self.attachment.id}",
            f"/web/content/{self.attachment.id}?download=true",
            f"/web/content/ir.attachment/{self.attachment.id}/datas",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn(response.status_code, (403, 404))
                self._assert_no_secret(response)

    def test_colleague_cannot_read_the_thread(self):
        self.authenticate("rcp-denis", "rcp-denis")
        response = self._mail_data(self.complaint)
        self.assertEqual(response.status_code, 200)
        (thread,) = response.json()["result"]["mail.thread"]
        self.assertFalse(thread["hasReadAccess"])
        self.assertNotIn("display_name", thread)
        self._assert_no_secret(response)

    def test_colleague_cannot_fetch_the_messages(self):
        self.authenticate("rcp-denis", "rcp-denis")
        response = self._jsonrpc("/mail/chatter_fetch", self._thread(self.complaint))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["error"]["code"], 404)
        self._assert_no_secret(response)
        response = self._jsonrpc("/mail/thread/messages", self._thread(self.complaint))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("error", response.json())
        self._assert_no_secret(response)
        response = self._jsonrpc("/portal/chatter_init", self._thread(self.complaint))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("hasReadAccess", response.text)
        self._assert_no_secret(response)

    def test_colleague_cannot_post_on_the_complaint(self):
        self.authenticate("rcp-denis", "rcp-denis")
        messages = self.complaint.message_ids
        response = self._jsonrpc(
            "/mail/message/post",
            {
                **self._thread(self.complaint),
                "post_data": {
                    "body": "Denis was here",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["error"]["code"], 404)
        self._assert_no_secret(response)
        self.env.invalidate_all()
        self.assertEqual(self.complaint.message_ids, messages)

    def test_following_the_complaint_gives_a_colleague_no_access(self):
        self.complaint.message_subscribe(partner_ids=self.denis.partner_id.ids)
        self.authenticate("rcp-denis", "rcp-denis")
        response = self.url_open(
            f"/my/ticket/{self.complaint.id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self._assert_no_secret(response)
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Parcel of Denis never arrived", response.text)
        self._assert_no_secret(response)
        response = self._jsonrpc("/mail/chatter_fetch", self._thread(self.complaint))
        self.assertEqual(response.json()["error"]["code"], 404)
        self._assert_no_secret(response)
