# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's complaint pages: the home tile, /my/complaints, one
complaint and its withdrawal, tried by the person who complains, the person
they represent, a colleague of the same company, a customer of another
company and the public user."""

from contextlib import contextmanager
from datetime import date, datetime

from lxml import html

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import format_datetime, mute_logger


class ComplaintPortalCase:
    """Customers, a complaint desk with a pause stage in its deadline policy,
    and complaints."""

    @classmethod
    def _setup_complaints(cls):
        env = cls.env
        cls.manager = new_test_user(
            env,
            login="rcpc-manager",
            groups="reclamation_charter.group_reclamation_manager",
        )
        cls.handler = new_test_user(
            env,
            login="rcpc-handler",
            groups="reclamation_charter.group_reclamation_handler",
        )
        charter = env["reclamation.charter"].create(
            {
                "version": "4.2",
                "effective_date": date(2024, 1, 1),
                "approver_id": cls.manager.id,
                "text": "<p>1. Listening and respect</p>",
            }
        )
        charter.action_publish()
        cls.charter = charter
        cls.acme = env["res.partner"].create(
            {"name": "Acme Logistics", "is_company": True}
        )
        users = {}
        for login, name, tz in (
            ("rcpc-claire", "Claire Petit", "Pacific/Auckland"),
            ("rcpc-denis", "Denis Moreau", "Europe/Paris"),
            ("rcpc-emile", "Emile Petit", "Europe/Paris"),
            ("rcpc-bob", "Bob Leroy", "Europe/Paris"),
        ):
            users[login] = new_test_user(
                env,
                login=login,
                password=login,
                groups="base.group_portal",
                name=name,
                email=f"{login}@example.com",
                tz=tz,
            )
        cls.claire = users["rcpc-claire"]
        cls.denis = users["rcpc-denis"]
        cls.emile = users["rcpc-emile"]
        cls.bob = users["rcpc-bob"]
        (cls.claire | cls.denis).partner_id.parent_id = cls.acme
        Team = env["helpdesk.ticket.team"]
        cls.desk = Team.create(
            {
                "name": "Complaint desk",
                "is_complaint_desk": True,
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )
        cls.support = Team.create({"name": "IT support"})
        Stage = env["helpdesk.ticket.stage"]
        cls.stage_review = Stage.create(
            {
                "name": "Under review",
                "sequence": 1,
                "team_ids": [(6, 0, cls.desk.ids)],
                "customer_explanation": "We are checking the facts with the "
                "department concerned.",
            }
        )
        cls.stage_waiting = Stage.create(
            {
                "name": "Waiting for your answer",
                "sequence": 2,
                "team_ids": [(6, 0, cls.desk.ids)],
                "customer_explanation": "We need a document from you.",
            }
        )
        cls.stage_answered = Stage.create(
            {
                "name": "Answered",
                "sequence": 3,
                "closed": True,
                "team_ids": [(6, 0, cls.desk.ids)],
            }
        )
        cls.policy = env["reclamation.sla.policy"].create(
            {
                "name": "Portal policy",
                "team_ids": [(6, 0, cls.desk.ids)],
                "ack_amount": 2,
                "ack_unit": "calendar_days",
                "resolution_amount": 30,
                "resolution_unit": "calendar_days",
                "update_amount": 10,
                "update_unit": "calendar_days",
                "pause_stage_ids": [(6, 0, cls.stage_waiting.ids)],
            }
        )
        cls.withdrawn = env.ref("reclamation_charter.helpdesk_ticket_stage_withdrawn")
        Ticket = env["helpdesk.ticket"]
        cls.complaint = Ticket.create(
            {
                "name": "Disclosure of the medical file of my father",
                "description": "<p>His diabetes treatment was disclosed.</p>",
                "team_id": cls.desk.id,
                "stage_id": cls.stage_review.id,
                "partner_id": cls.claire.partner_id.id,
                "complainant_capacity": "representative",
                "represented_party_name": "Emile Petit",
                "represented_partner_id": cls.emile.partner_id.id,
                "remedy_sought": "Apology",
                "received_date": datetime(2026, 3, 2, 9, 0),
            }
        )
        cls.closed_complaint = Ticket.create(
            {
                "name": "Rude answer at the counter",
                "description": "<p>The clerk shouted.</p>",
                "team_id": cls.desk.id,
                "stage_id": cls.stage_review.id,
                "partner_id": cls.claire.partner_id.id,
            }
        )
        # Closed by its handler, with its root cause (charter article 6).
        cls.closed_complaint.write(
            {
                "stage_id": cls.stage_answered.id,
                "root_cause_id": cls.env.ref("reclamation_charter.root_cause_delay").id,
            }
        )
        cls.denis_complaint = Ticket.create(
            {
                "name": "Parcel of Denis never arrived",
                "description": "<p>Parcel lost.</p>",
                "team_id": cls.desk.id,
                "stage_id": cls.stage_review.id,
                "partner_id": cls.denis.partner_id.id,
            }
        )
        cls.claire_ticket = Ticket.create(
            {
                "name": "Printer of Claire jams",
                "description": "<p>Paper jam.</p>",
                "team_id": cls.support.id,
                "partner_id": cls.claire.partner_id.id,
            }
        )
        # Sent by Claire with the complaint form (the form stores the
        # files as the customer, with sudo).
        cls.attachment = (
            env["ir.attachment"]
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
        cls.secrets = ("Disclosure of the medical file", "diabetes", "medical-cert")


@tagged("post_install", "-at_install")
class TestPortalComplaintPages(ComplaintPortalCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaints()

    def _assert_no_secret(self, response):
        for secret in self.secrets:
            self.assertNotIn(secret, response.text)

    def _rows(self, response):
        """(reference, subject) of each row of the list."""
        tree = html.fromstring(response.text)
        return [
            (
                row.xpath("./td[1]")[0].text_content().strip(),
                row.xpath("./td[2]/a")[0].text_content().strip(),
            )
            for row in tree.xpath("//tr[hasclass('o_reclamation_complaint_row')]")
        ]

    # Home

    def test_home_tile_counts_open_complaints(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.text)
        (card,) = tree.xpath("//div[hasclass('o_reclamation_complaints_card')]")
        self.assertEqual(card.xpath(".//a/@href"), ["/my/complaints"])
        self.assertIn("My complaints", card.text_content())
        self.assertTrue(card.xpath(".//*[@data-placeholder_count='complaint_count']"))
        response = self.url_open(
            "/my/counters",
            json={"params": {"counters": ["complaint_count"]}},
        )
        # Her open complaint, not the closed one nor the support ticket.
        self.assertEqual(response.json()["result"]["complaint_count"], 1)
        self.authenticate("rcpc-emile", "rcpc-emile")
        response = self.url_open(
            "/my/counters", json={"params": {"counters": ["complaint_count"]}}
        )
        self.assertEqual(response.json()["result"]["complaint_count"], 1)
        for login in ("rcpc-denis", "rcpc-bob"):
            self.authenticate(login, login)
            response = self.url_open(
                "/my/counters", json={"params": {"counters": ["complaint_count"]}}
            )
            self.assertEqual(
                response.json()["result"]["complaint_count"],
                1 if login == "rcpc-denis" else 0,
            )

    # List

    def test_list_shows_own_complaints_only(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        rows = self._rows(response)
        self.assertCountEqual(
            rows,
            [
                (self.complaint.number, self.complaint.name),
                (self.closed_complaint.number, self.closed_complaint.name),
            ],
        )
        self.assertNotIn("Parcel of Denis", response.text)
        self.assertNotIn("Printer of Claire", response.text)
        # Customers read "complaint", never "ticket".
        (main,) = html.fromstring(response.text).xpath("//main")
        self.assertNotIn("ticket", main.text_content().lower())
        # Status in words, the answer-by date in her time zone, the next move.
        row = html.fromstring(response.text).xpath(
            f"//tr[td/a[@href='/my/complaints/{self.complaint.id}']]"
        )[0]
        text = " ".join(row.text_content().split())
        self.assertIn("Under review", text)
        self.assertIn("Late: our answer is overdue", text)
        self.assertIn(
            format_datetime(
                self.env,
                self.complaint.resolution_deadline,
                tz="Pacific/Auckland",
                dt_format="short",
            ),
            text,
        )
        self.assertIn("Us", text)

    def test_represented_person_lists_the_complaint(self):
        self.authenticate("rcpc-emile", "rcpc-emile")
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self._rows(response), [(self.complaint.number, self.complaint.name)]
        )

    def test_colleague_and_other_customer_do_not_list_it(self):
        for login, expected in (
            ("rcpc-denis", [(self.denis_complaint.number, self.denis_complaint.name)]),
            ("rcpc-bob", []),
        ):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open("/my/complaints")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self._rows(response), expected)
                self._assert_no_secret(response)

    def test_public_user_is_sent_to_login(self):
        self.authenticate(None, None)
        response = self.url_open("/my/complaints", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_list_filters_search_and_sorts(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        open_row = (self.complaint.number, self.complaint.name)
        closed_row = (self.closed_complaint.number, self.closed_complaint.name)
        for params, expected in (
            ({"filterby": "open"}, [open_row]),
            ({"filterby": "closed"}, [closed_row]),
            ({"filterby": "all", "sortby": "deadline"}, [open_row, closed_row]),
            ({"search": "medical", "search_in": "subject"}, [open_row]),
            (
                {"search": self.closed_complaint.number, "search_in": "reference"},
                [closed_row],
            ),
            ({"search": "medical", "search_in": "reference"}, []),
            ({"search": "counter"}, [closed_row]),
            (
                {"date_begin": "2026-03-01", "date_end": "2026-03-03"},
                [open_row],
            ),
        ):
            with self.subTest(params=params):
                response = self.url_open("/my/complaints", params=params)
                self.assertEqual(response.status_code, 200)
                if "sortby" in params:
                    self.assertEqual(self._rows(response), expected)
                else:
                    self.assertCountEqual(self._rows(response), expected)
        response = self.url_open("/my/complaints", params={"sortby": "reference"})
        self.assertEqual(
            [row[0] for row in self._rows(response)],
            sorted([open_row[0], closed_row[0]], reverse=True),
        )

    def test_list_far_dates_give_a_page(self):
        """The last day of the calendar ends the range, without a day
        after it (a server error before)."""
        self.authenticate("rcpc-claire", "rcpc-claire")
        for date_begin, date_end, rows in (
            ("9999-12-31", "9999-12-31", 0),
            ("0001-01-01", "9999-12-31", 2),
        ):
            with self.subTest(date_begin=date_begin, date_end=date_end):
                response = self.url_open(
                    "/my/complaints",
                    params={"date_begin": date_begin, "date_end": date_end},
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(self._rows(response)), rows)

    def test_list_bad_parameters_give_the_default_page(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        default = sorted(self._rows(self.url_open("/my/complaints")))
        self.assertEqual(len(default), 2)
        for url, params in (
            ("/my/complaints", {"sortby": "bogus"}),
            ("/my/complaints", {"sortby": "name desc; DROP TABLE helpdesk_ticket"}),
            ("/my/complaints", {"filterby": "bogus"}),
            ("/my/complaints", {"search_in": "bogus", "search": ""}),
            ("/my/complaints", {"groupby": "bogus"}),
            ("/my/complaints", {"page": "abc"}),
            ("/my/complaints", {"page": "-3"}),
            ("/my/complaints", {"date_begin": "x", "date_end": "y"}),
            ("/my/complaints", {"date_begin": "2026-13-45", "date_end": "2026-02-30"}),
            ("/my/complaints", {"date_begin": "2026-03-05", "date_end": "2026-03-01"}),
            ("/my/complaints", {"date_begin": "2026-03-01"}),
            ("/my/complaints/page/999", {}),
            ("/my/complaints/page/0", {}),
            ("/my/complaints", {"search": "\x00"}),
            ("/my/complaints", {"unknown": "1"}),
        ):
            with self.subTest(url=url, params=params):
                response = self.url_open(url, params=params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(sorted(self._rows(response)), default)
        # A search is searched for as text, whatever it holds.
        for search in (
            "%",
            "_",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "x" * 5000,
        ):
            with self.subTest(search=search[:20]):
                response = self.url_open("/my/complaints", params={"search": search})
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("<script>alert(1)</script>", response.text)

    def test_list_pager(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Complaint number {index}",
                    "description": "<p>Text</p>",
                    "team_id": self.desk.id,
                    "partner_id": self.claire.partner_id.id,
                }
                for index in range(85)
            ]
        )
        first = self._rows(self.url_open("/my/complaints"))
        second = self._rows(self.url_open("/my/complaints/page/2"))
        self.assertEqual(len(first), 80)
        self.assertEqual(len(second), 7)
        self.assertFalse(set(first) & set(second))
        response = self.url_open("/my/complaints/page/2", params={"filterby": "open"})
        self.assertEqual(len(self._rows(response)), 6)

    # One complaint

    def test_owner_reads_the_complaint(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        text = " ".join(html.fromstring(response.text).text_content().split())
        self.assertIn("Disclosure of the medical file", text)
        self.assertIn("diabetes", text)
        self.assertIn("We are checking the facts", text)
        self.assertIn("medical-certificate.txt", text)
        self.assertIn(f'href="/charter/{self.charter.id}"', response.text)
        self.assertIn("version 4.2", text)
        # Dates in her time zone (Auckland: UTC+13 in March).
        self.assertIn(
            format_datetime(
                self.env, self.complaint.received_date, tz="Pacific/Auckland"
            ),
            text,
        )
        self.assertIn("03/02/2026 10:00:00 PM", text)
        self.assertIn("Pacific/Auckland", text)
        self.assertIn(
            format_datetime(
                self.env, self.complaint.resolution_deadline, tz="Pacific/Auckland"
            ),
            text,
        )
        self.assertIn(
            format_datetime(
                self.env, self.complaint.update_deadline, tz="Pacific/Auckland"
            ),
            text,
        )
        self.assertIn("Acknowledged on Not yet", text)
        # The chatter and the withdrawal form.
        tree = html.fromstring(response.text)
        (thread,) = tree.xpath("//div[@id='discussion']")
        self.assertEqual(thread.get("data-res_model"), "helpdesk.ticket")
        self.assertEqual(thread.get("data-res_id"), str(self.complaint.id))
        (form,) = tree.xpath("//form[hasclass('o_reclamation_withdraw_form')]")
        self.assertEqual(form.get("method"), "POST")
        self.assertEqual(
            form.get("action"), f"/my/complaints/{self.complaint.id}/withdraw"
        )
        self.assertTrue(form.xpath(".//input[@name='csrf_token']/@value"))
        (reason,) = form.xpath(".//textarea[@name='reason']")
        self.assertTrue(tree.xpath(f"//label[@for='{reason.get('id')}']"))

    def test_dates_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.claire.lang = "fr_FR"
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("02/03/2026 22:00:00", response.text)

    def test_timeline_of_the_stages(self):
        # Tracking values are written when the transaction commits (and not
        # for changes in the transaction that created the record).
        self.env.cr.precommit.run()
        self.complaint.stage_id = self.stage_waiting
        self.env.cr.precommit.run()
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        tree = html.fromstring(response.text)
        steps = [
            " ".join(step.text_content().split())
            for step in tree.xpath("//section[@id='complaint_timeline']//li")
        ]
        self.assertEqual(len(steps), 2)
        self.assertTrue(steps[0].startswith("Under review"))
        self.assertTrue(steps[1].startswith("Waiting for your answer"))
        text = " ".join(tree.text_content().split())
        # In a pause stage of the policy the next move is the customer's.
        self.assertIn("Next move: yours", text)
        self.assertIn("On hold", text)
        self.assertIn("We need a document from you.", text)

    def test_holding_letter_shown_with_its_reason(self):
        complaint = self.denis_complaint
        complaint._extend_resolution_deadline(
            date(2099, 1, 15), "We are waiting for the carrier's inquiry."
        )
        self.authenticate("rcpc-denis", "rcpc-denis")
        response = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(response.status_code, 200)
        text = " ".join(html.fromstring(response.text).text_content().split())
        self.assertIn("Extended by a holding letter", text)
        self.assertIn("We are waiting for the carrier's inquiry.", text)

    def test_represented_person_reads_but_cannot_withdraw(self):
        self.authenticate("rcpc-emile", "rcpc-emile")
        response = self.url_open(f"/my/complaints/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Disclosure of the medical file", response.text)
        self.assertNotIn("o_reclamation_withdraw_form", response.text)

    def test_colleague_other_customer_and_public_get_nothing(self):
        for login in ("rcpc-denis", "rcpc-bob"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(f"/my/complaints/{self.complaint.id}")
                self.assertEqual(response.status_code, 404)
                self._assert_no_secret(response)
                # Nor with a made-up token.
                response = self.url_open(
                    f"/my/complaints/{self.complaint.id}",
                    params={"access_token": "not-the-token"},
                )
                self.assertEqual(response.status_code, 404)
                self._assert_no_secret(response)
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self._assert_no_secret(response)

    def test_access_token_of_the_email_link(self):
        token = self.complaint._portal_ensure_token()
        self.claire.partner_id.lang = "en_US"
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}", params={"access_token": token}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Disclosure of the medical file", response.text)
        # Reading with the token does not offer to act.
        self.assertNotIn("o_reclamation_withdraw_form", response.text)
        # The token of one complaint opens no other.
        response = self.url_open(
            f"/my/complaints/{self.denis_complaint.id}", params={"access_token": token}
        )
        self.assertEqual(response.status_code, 404)
        self.authenticate("rcpc-bob", "rcpc-bob")
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}", params={"access_token": token}
        )
        self.assertEqual(response.status_code, 200)

    def test_a_ticket_that_is_not_a_complaint_is_not_found(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        for ticket_id in (self.claire_ticket.id, 999999999):
            with self.subTest(ticket_id=ticket_id):
                response = self.url_open(f"/my/complaints/{ticket_id}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Printer of Claire", response.text)

    def test_detail_bad_parameters(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        for params in (
            {"message": "<script>alert(1)</script>"},
            {"message": "withdrawn\x00"},
            {"access_token": "\x00"},
            {"error": "Your account is blocked, call 0800"},
            {"access_token": "x" * 5000},
        ):
            with self.subTest(params=params):
                response = self.url_open(
                    f"/my/complaints/{self.complaint.id}", params=params
                )
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("<script>alert(1)</script>", response.text)
                self.assertNotIn("call 0800", response.text)
        for url in (
            "/my/complaints/abc",
            f"/my/complaints/{self.complaint.id}x",
            "/my/complaints/-1",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)

    # Withdrawal

    def _withdraw(self, complaint, reason=None, method="POST", csrf=True, confirm=True):
        url = f"/my/complaints/{complaint.id}/withdraw"
        data = {"confirm": "1"} if confirm else {}
        if reason is not None:
            data["reason"] = reason
        if method == "GET":
            return self.url_open(url, params=data, allow_redirects=False)
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=data, allow_redirects=False)

    def _logs(self, complaint):
        return self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "withdrawal")]
        )

    @contextmanager
    def _assert_untouched(self, complaint):
        stage, messages = complaint.stage_id, complaint.message_ids
        logs = self.env["reclamation.decision.log"].search_count([])
        yield
        self.env.invalidate_all()
        self.assertEqual(complaint.stage_id, stage)
        self.assertEqual(complaint.message_ids, messages)
        self.assertEqual(self.env["reclamation.decision.log"].search_count([]), logs)

    def test_owner_withdraws_with_a_reason(self):
        self.complaint.stage_id = self.stage_waiting
        self.assertTrue(self.complaint.sla_paused_since)
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self._withdraw(
            self.complaint, "The clinic apologised <b>directly</b>."
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/my/complaints/{self.complaint.id}?message=withdrawn"
            )
        )
        self.env.invalidate_all()
        self.assertEqual(self.complaint.stage_id, self.withdrawn)
        self.assertTrue(self.complaint.closed)
        self.assertTrue(self.complaint.closed_date)
        # Out of the clocks: the pause ended, no alert applies any more.
        self.assertFalse(self.complaint.sla_paused_since)
        Ticket = self.env["helpdesk.ticket"]
        alerts = Ticket.search(Ticket._get_sla_alert_domain(datetime(2099, 1, 1)))
        self.assertNotIn(self.complaint, alerts)
        (log,) = self._logs(self.complaint)
        self.assertEqual(log.user_id, self.claire)
        self.assertEqual(log.reason, "The clinic apologised <b>directly</b>.")
        self.assertEqual(log.before, "Waiting for your answer")
        note = self.complaint.message_ids.filtered(
            lambda m: "withdrew the complaint" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.claire.partner_id)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        # The reason is text, shown escaped.
        self.assertIn("&lt;b&gt;directly&lt;/b&gt;", note.body)
        response = self.url_open(response.headers["Location"])
        text = " ".join(html.fromstring(response.text).text_content().split())
        self.assertIn("Your complaint is withdrawn.", text)
        self.assertIn("You withdrew this complaint", text)
        self.assertNotIn("o_reclamation_withdraw_form", response.text)
        # Withdrawing again changes nothing.
        with self._assert_untouched(self.complaint):
            response = self._withdraw(self.complaint, "Again")
            self.assertEqual(response.status_code, 303)
            self.assertTrue(
                response.headers["Location"].endswith("?message=not_withdrawn")
            )

    def test_owner_withdraws_without_a_reason(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        response = self._withdraw(self.complaint)
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertEqual(self.complaint.stage_id, self.withdrawn)
        (log,) = self._logs(self.complaint)
        self.assertFalse(log.reason)

    def test_complaint_list_offers_to_file_one(self):
        """ "My complaints" leads to the complaint form, in both languages."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.authenticate("rcpc-claire", "rcpc-claire")
        for lang, prefix, label in (
            ("en_US", "", "File a complaint"),
            ("fr_FR", "/fr", ""),
        ):
            with self.subTest(lang=lang):
                self.claire.lang = lang
                response = self.url_open(f"{prefix}/my/complaints")
                tree = html.fromstring(response.text)
                self.assertEqual(tree.get("lang"), lang.replace("_", "-"))
                (link,) = tree.xpath(
                    "//a[hasclass('o_reclamation_new_complaint')]"
                    "[contains(@href, '/my/complaints/new')]"
                )
                self.assertIn(label, " ".join(link.text_content().split()))

    def test_withdrawal_needs_a_confirmation(self):
        """One click does not withdraw: the form asks the person to confirm
        that the withdrawal is final, and the server holds to it."""
        self.authenticate("rcpc-claire", "rcpc-claire")
        self.env["res.lang"]._activate_lang("fr_FR")
        # The French text of the new message comes with its translation; the
        # French page must show the message, whatever its words.
        for lang, prefix, unconfirmed in (
            ("en_US", "", "Tick the box to confirm"),
            ("fr_FR", "/fr", ""),
        ):
            with self.subTest(lang=lang):
                self.claire.lang = lang
                response = self.url_open(f"{prefix}/my/complaints/{self.complaint.id}")
                tree = html.fromstring(response.text)
                (form,) = tree.xpath("//form[hasclass('o_reclamation_withdraw_form')]")
                (confirm,) = form.xpath(".//input[@type='checkbox'][@name='confirm']")
                self.assertIsNotNone(confirm.get("required"))
                self.assertTrue(tree.xpath(f"//label[@for='{confirm.get('id')}']"))
                with self._assert_untouched(self.complaint):
                    response = self._withdraw(
                        self.complaint, "Changed my mind", confirm=False
                    )
                    self.assertEqual(response.status_code, 303)
                    location = response.headers["Location"]
                    self.assertTrue(location.endswith("?message=not_confirmed"))
                response = self.url_open(
                    f"{prefix}/my/complaints/{self.complaint.id}"
                    "?message=not_confirmed"
                )
                tree = html.fromstring(response.text)
                (alert,) = tree.xpath(
                    "//div[hasclass('o_reclamation_complaint_page')]"
                    "/div[hasclass('alert-danger')]"
                )
                self.assertIn(unconfirmed, " ".join(alert.text_content().split()))
                self.assertEqual(tree.get("lang"), lang.replace("_", "-"))
                self.assertIn("o_reclamation_withdraw_form", response.text)

    def test_withdrawn_complaint_shows_one_label(self):
        """A withdrawn complaint reads "Withdrawn" once, not the stage name
        next to a status saying the same, on its page and in the list."""
        self.authenticate("rcpc-claire", "rcpc-claire")
        self.assertEqual(self._withdraw(self.complaint).status_code, 303)
        self.env["res.lang"]._activate_lang("fr_FR")
        for lang, prefix, label in (
            ("en_US", "", "Withdrawn"),
            ("fr_FR", "/fr", "Retirée"),
        ):
            with self.subTest(lang=lang):
                self.claire.lang = lang
                response = self.url_open(f"{prefix}/my/complaints/{self.complaint.id}")
                tree = html.fromstring(response.text)
                (status,) = tree.xpath("//section[@id='complaint_status']/p[1]")
                self.assertEqual(" ".join(status.text_content().split()), label)
                response = self.url_open(f"{prefix}/my/complaints")
                tree = html.fromstring(response.text)
                row = tree.xpath(
                    "//tr[hasclass('o_reclamation_complaint_row')]"
                    f"[.//a[@href='/my/complaints/{self.complaint.id}']]"
                )[0]
                cells = row.xpath("./td")
                self.assertEqual(" ".join(cells[2].text_content().split()), label)

    def test_closed_complaint_cannot_be_withdrawn(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        with self._assert_untouched(self.closed_complaint):
            response = self._withdraw(self.closed_complaint, "Too late")
            self.assertEqual(response.status_code, 303)
            self.assertTrue(
                response.headers["Location"].endswith("?message=not_withdrawn")
            )

    def test_reason_too_long_changes_nothing(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        with self._assert_untouched(self.complaint):
            response = self._withdraw(self.complaint, "x" * 2001)
            self.assertEqual(response.status_code, 303)
            self.assertTrue(
                response.headers["Location"].endswith("?message=reason_too_long")
            )

    def test_others_cannot_withdraw(self):
        for login, status in (
            ("rcpc-emile", 403),
            ("rcpc-denis", 404),
            ("rcpc-bob", 404),
            (None, 403),
        ):
            with self.subTest(login=login), self._assert_untouched(self.complaint):
                self.authenticate(login, login)
                response = self._withdraw(self.complaint, "Not mine")
                self.assertEqual(response.status_code, status)
                self._assert_no_secret(response)
        self.authenticate("rcpc-claire", "rcpc-claire")
        with self._assert_untouched(self.claire_ticket):
            response = self._withdraw(self.claire_ticket, "A ticket")
            self.assertEqual(response.status_code, 404)

    def test_withdraw_needs_post_and_csrf(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        with self._assert_untouched(self.complaint):
            response = self._withdraw(self.complaint, "GET", method="GET")
            self.assertEqual(response.status_code, 405)
        with self._assert_untouched(self.complaint), mute_logger("odoo.http"):
            response = self._withdraw(self.complaint, "No token", csrf=False)
            self.assertEqual(response.status_code, 400)

    # Queries

    def _own_complaints(self):
        partner = self.claire.partner_id
        return [
            ("is_complaint_desk", "=", True),
            ("partner_id", "=", partner.id),
        ]

    def _count_list_queries(self, rows):
        """Queries of the list page showing ``rows`` complaints, caches warm,
        within a budget."""
        self.url_open("/my/complaints")
        before = self.cr.sql_log_count
        with self.assertQueryCount(21):
            response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self._rows(response)), rows)
        return self.cr.sql_log_count - before

    def test_list_queries_do_not_grow_with_the_complaints(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        Ticket = self.env["helpdesk.ticket"]
        stages = [self.stage_review, self.stage_waiting]
        values = [
            {
                "name": f"Complaint number {index}",
                "description": "<p>Text</p>",
                "team_id": self.desk.id,
                "stage_id": stages[index % 2].id,
                "partner_id": self.claire.partner_id.id,
            }
            for index in range(998)
        ]
        Ticket.create(values[:8])
        ten = self._count_list_queries(10)
        Ticket.create(values[8:])
        self.assertEqual(Ticket.search_count(self._own_complaints()), 1000)
        thousand = self._count_list_queries(80)
        self.assertEqual(ten, thousand)

    def test_detail_queries_within_budget(self):
        self.env.cr.precommit.run()
        self.complaint.stage_id = self.stage_waiting
        self.env.cr.precommit.run()
        self.authenticate("rcpc-claire", "rcpc-claire")
        url = f"/my/complaints/{self.complaint.id}"
        self.url_open(url)
        # One of them picks the customer's files among the complaint's.
        with self.assertQueryCount(22):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200)


@tagged("post_install", "-at_install")
class TestComplaintWithdrawal(ComplaintPortalCase, TransactionCase):
    """The business rule of the withdrawal, whatever the channel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaints()

    def test_only_the_complainant_withdraws_on_the_portal(self):
        for user in (self.emile, self.denis, self.bob):
            with self.subTest(user=user.login):
                complaint = self.complaint.with_user(user)
                with self.assertRaises(AccessError):
                    complaint._withdraw_complaint("Not mine")
        self.assertEqual(self.complaint.stage_id, self.stage_review)

    def test_handler_records_a_withdrawal_by_phone(self):
        complaint = self.complaint.with_user(self.handler)
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.claire)._withdraw_complaint(
                "By phone", channel="phone"
            )
        complaint._withdraw_complaint("Called us", channel="phone")
        self.assertEqual(self.complaint.stage_id, self.withdrawn)
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", "withdrawal")]
        )
        self.assertEqual(log.user_id, self.handler)
        self.assertIn("by phone", log.after)

    def test_refused_when_closed_anonymised_or_not_a_complaint(self):
        claire = self.claire
        with self.assertRaisesRegex(UserError, "closed"):
            self.closed_complaint.with_user(claire)._withdraw_complaint()
        with self.assertRaisesRegex(UserError, "not a complaint"):
            self.claire_ticket.with_user(claire)._withdraw_complaint()
        self.complaint.with_user(claire)._withdraw_complaint()
        with self.assertRaisesRegex(UserError, "already withdrawn"):
            self.complaint.with_user(claire)._withdraw_complaint()
        with self.assertRaisesRegex(UserError, "channel"):
            self.denis_complaint.with_user(self.denis)._withdraw_complaint(
                channel="pigeon"
            )

    def test_refused_when_anonymised(self):
        self.denis_complaint._write_managed({"retention_phase": "anonymised"})
        with self.assertRaisesRegex(UserError, "anonymised"):
            self.denis_complaint.with_user(self.denis)._withdraw_complaint()
        self.assertEqual(self.denis_complaint.stage_id, self.stage_review)

    def test_falls_back_to_the_first_closing_stage(self):
        self.withdrawn.closed = False
        self.complaint.with_user(self.claire)._withdraw_complaint("Fine now")
        self.assertEqual(self.complaint.stage_id, self.stage_answered)

    def test_anonymisation_blanks_the_withdrawal_reason(self):
        dpo = new_test_user(
            self.env,
            login="rcpc-dpo",
            groups="reclamation_charter.group_reclamation_dpo",
        )
        self.complaint.with_user(self.claire)._withdraw_complaint(
            "My father Emile is diabetic"
        )
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id), ("kind", "=", "withdrawal")]
        )
        self.assertEqual(log.reason, "My father Emile is diabetic")
        self.complaint.with_user(dpo)._anonymise("Erasure request")
        self.assertEqual(log.reason, "(anonymised)")
