# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""helpdesk_mgmt's own portal routes (/my/ticket/<id>, /my/tickets,
/new/ticket, /submitted/ticket) for a customer of a complaint desk: they
lead to the complaint pages, and never answer 500 to bad input."""

import re
from urllib.parse import urlsplit

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPortalRoutes(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.acme = env["res.partner"].create(
            {"name": "Acme Logistics", "is_company": True}
        )
        users = {}
        for login, name in (
            ("rcpr-claire", "Claire Petit"),
            ("rcpr-denis", "Denis Moreau"),
            ("rcpr-bob", "Bob Leroy"),
        ):
            users[login] = new_test_user(
                env,
                login=login,
                password=login,
                groups="base.group_portal",
                name=name,
                email=f"{login}@example.com",
            )
        cls.claire = users["rcpr-claire"]
        cls.denis = users["rcpr-denis"]
        cls.bob = users["rcpr-bob"]
        # Claire and Denis are colleagues; Bob is a customer of another
        # company.
        (cls.claire | cls.denis).partner_id.parent_id = cls.acme
        cls.bob.partner_id.parent_id = env["res.partner"].create(
            {"name": "Bob's Bakery", "is_company": True}
        )
        Team = env["helpdesk.ticket.team"]
        cls.desk = Team.create({"name": "Complaint desk", "is_complaint_desk": True})
        cls.support = Team.create({"name": "IT support", "show_in_portal": True})
        cls.company.write(
            {
                "reclamation_portal_team_id": cls.desk.id,
                "helpdesk_mgmt_portal_select_team": False,
            }
        )
        cls.category = env["helpdesk.ticket.category"].create(
            {"name": "Printers", "show_in_portal": True}
        )
        Ticket = env["helpdesk.ticket"]
        cls.complaint = Ticket.create(
            {
                "name": "Disclosure of my medical file",
                "description": "<p>It was disclosed.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.claire.partner_id.id,
            }
        )
        cls.support_ticket = Ticket.create(
            {
                "name": "My printer is jammed",
                "description": "<p>Paper jam.</p>",
                "team_id": cls.support.id,
                "partner_id": cls.claire.partner_id.id,
            }
        )
        cls.missing_id = Ticket.search([], order="id desc", limit=1).id + 1000

    def assertRedirects(self, response, path, query=None):
        self.assertIn(response.status_code, (301, 302, 303))
        location = urlsplit(response.headers["Location"])
        self.assertEqual(location.path, path)
        if query is not None:
            self.assertEqual(location.query, query)

    def _ticket_count(self):
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search_count([])
        )

    # /my/ticket/<id>

    def test_ticket_page_of_a_complaint_redirects_its_owner(self):
        self.assertTrue(self.complaint.is_complaint_desk)
        self.authenticate("rcpr-claire", "rcpr-claire")
        response = self.url_open(
            f"/my/ticket/{self.complaint.id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertRedirects(response, f"/my/complaints/{self.complaint.id}", "")
        # Followed, the complaint page in the customer's words.
        response = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Disclosure of my medical file", response.text)
        self.assertIn("/my/complaints", response.url)

    def test_ticket_page_keeps_the_access_token(self):
        token = self.complaint.sudo()._portal_ensure_token()
        for url in (
            f"/my/ticket/{self.complaint.id}?access_token={token}",
            f"/my/ticket/{self.complaint.id}/{token}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 303)
                self.assertRedirects(
                    response,
                    f"/my/complaints/{self.complaint.id}",
                    f"access_token={token}",
                )

    def test_ticket_page_of_a_support_ticket_unchanged(self):
        self.authenticate("rcpr-claire", "rcpr-claire")
        response = self.url_open(f"/my/ticket/{self.support_ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("My printer is jammed", response.text)
        self.assertIn(f"/my/ticket/{self.support_ticket.id}", response.url)

    def test_ticket_page_refusal_does_not_tell_a_complaint_exists(self):
        """A complaint the user may not read gets the same answer as an id
        that does not exist: helpdesk_mgmt's redirection to /my."""
        cases = [
            ("rcpr-bob", ""),
            ("rcpr-denis", ""),
            (None, ""),
            (None, "?access_token=wrong"),
            ("rcpr-bob", "?access_token=wrong"),
            # No token has such characters: a wrong token, not a 500.
            (None, "?access_token=%C3%A9t%C3%A9"),
            ("rcpr-bob", "?access_token=%C3%A9t%C3%A9"),
        ]
        for login, query in cases:
            with self.subTest(login=login, query=query):
                if login:
                    self.authenticate(login, login)
                else:
                    self.authenticate(None, None)
                answers = []
                for ticket_id in (self.complaint.id, self.missing_id):
                    response = self.url_open(
                        f"/my/ticket/{ticket_id}{query}", allow_redirects=False
                    )
                    answers.append(
                        (response.status_code, response.headers.get("Location"))
                    )
                self.assertEqual(answers[0], answers[1])
                self.assertEqual(answers[0][0], 303)
                self.assertEqual(urlsplit(answers[0][1]).path, "/my")

    # /my/tickets and the home tile

    def test_ticket_list_links_the_complaints(self):
        """The customer's tickets are listed as helpdesk_mgmt lists them;
        the complaints are not (the customer reads them as complaints, on
        their own list), and a link leads to that list."""
        self.authenticate("rcpr-claire", "rcpr-claire")
        for query in ("", "?sortby=bogus&groupby=bogus&date_begin=x", "?search=My"):
            with self.subTest(query=query):
                response = self.url_open(f"/my/tickets{query}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("My printer is jammed", response.text)
                self.assertNotIn("Disclosure of my medical file", response.text)
                self.assertIn('href="/my/complaints"', response.text)
                self.assertIn("My complaints", response.text)

    def test_ticket_list_without_complaints_has_no_link(self):
        for login in ("rcpr-bob", "rcpr-denis"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open("/my/tickets")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Disclosure of my medical file", response.text)
                self.assertNotIn('href="/my/complaints"', response.text)

    def test_ticket_list_public_user(self):
        self.authenticate(None, None)
        response = self.url_open("/my/tickets", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(urlsplit(response.headers["Location"]).path, "/web/login")

    def test_home_tiles_count_what_each_person_may_read(self):
        for login in ("rcpr-claire", "rcpr-denis"):
            with self.subTest(login=login):
                user = self.env["res.users"].search([("login", "=", login)])
                Ticket = self.env["helpdesk.ticket"].with_user(user)
                self.authenticate(login, login)
                counts = self.make_jsonrpc_request(
                    "/my/counters", {"counters": ["ticket_count", "complaint_count"]}
                )
                # Complaints have their own tile, not counted as tickets.
                self.assertEqual(
                    counts["ticket_count"],
                    Ticket.search_count([("is_complaint_desk", "=", False)]),
                )
                self.assertGreater(counts["ticket_count"], 0)
                # Denis, Claire's colleague, never counts her complaint.
                self.assertEqual(
                    counts["complaint_count"],
                    1 if login == "rcpr-claire" else 0,
                )

    # /new/ticket

    def test_new_ticket_without_a_team_choice_leads_to_the_complaint_form(self):
        self.authenticate("rcpr-claire", "rcpr-claire")
        response = self.url_open("/new/ticket", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertRedirects(response, "/my/complaints/new")
        # The "+ New" button of the list posts to it.
        response = self.url_open(
            "/new/ticket",
            data={"csrf_token": self._csrf()},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertRedirects(response, "/my/complaints/new")

    def test_new_ticket_with_support_teams_offers_them_only(self):
        self.company.helpdesk_mgmt_portal_select_team = True
        self.desk.show_in_portal = True
        self.authenticate("rcpr-claire", "rcpr-claire")
        response = self.url_open("/new/ticket")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/submitted/ticket", response.text)
        self.assertIn("IT support", response.text)
        self.assertNotIn(f'value="{self.desk.id}"', response.text)
        # With only complaint desks on the portal: the complaint form.
        self.support.show_in_portal = False
        response = self.url_open("/new/ticket", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertRedirects(response, "/my/complaints/new")

    def test_new_ticket_without_a_portal_desk_unchanged(self):
        self.company.reclamation_portal_team_id = False
        self.authenticate("rcpr-claire", "rcpr-claire")
        response = self.url_open("/new/ticket")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/submitted/ticket", response.text)

    # /submitted/ticket

    def _csrf(self):
        response = self.url_open("/my")
        return re.search(r'csrf_token: "([^"]+)"', response.text).group(1)

    def _submit(self, **values):
        data = {
            "csrf_token": self._csrf(),
            "subject": "Printer again",
            "description": "It jams every morning.",
        }
        data.update(values)
        return self.url_open("/submitted/ticket", data=data, allow_redirects=False)

    def test_submitted_ticket_to_a_support_team(self):
        self.company.helpdesk_mgmt_portal_select_team = True
        self.authenticate("rcpr-claire", "rcpr-claire")
        before = self._ticket_count()
        response = self._submit(team=str(self.support.id))
        self.assertEqual(self._ticket_count(), before + 1)
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Printer again")])
        self.assertEqual(ticket.team_id, self.support)
        self.assertFalse(ticket.is_complaint_desk)
        self.assertRedirects(response, f"/my/ticket/{ticket.id}")

    def test_submitted_ticket_to_a_complaint_desk_is_refused(self):
        self.company.helpdesk_mgmt_portal_select_team = True
        self.desk.show_in_portal = True
        self.authenticate("rcpr-claire", "rcpr-claire")
        before = self._ticket_count()
        response = self._submit(team=str(self.desk.id))
        self.assertEqual(response.status_code, 303)
        self.assertRedirects(response, "/my/complaints/new")
        self.assertEqual(self._ticket_count(), before)

    def test_submitted_ticket_without_a_team_choice_is_refused(self):
        self.authenticate("rcpr-claire", "rcpr-claire")
        before = self._ticket_count()
        response = self._submit()
        self.assertEqual(response.status_code, 303)
        self.assertRedirects(response, "/my/complaints/new")
        self.assertEqual(self._ticket_count(), before)

    @mute_logger("odoo.http")
    def test_submitted_ticket_bad_input(self):
        self.company.helpdesk_mgmt_portal_select_team = True
        self.company.helpdesk_mgmt_portal_select_category = True
        other_category = self.env["helpdesk.ticket.category"].create(
            {"name": "Hidden", "show_in_portal": False}
        )
        hidden_team = self.env["helpdesk.ticket.team"].create(
            {"name": "Hidden", "show_in_portal": False}
        )
        cases = {
            "category not a number": {"category": "abc"},
            "category with NUL": {"category": "1\x00"},
            "category unknown": {"category": "999999999"},
            "category not offered": {"category": str(other_category.id)},
            "team not a number": {"team": "x1"},
            "team unknown": {"team": "999999999"},
            "team not offered": {"team": str(hidden_team.id)},
            "empty description": {"description": ""},
            "blank description": {"description": "   "},
            "no description": {"description": None},
            "empty subject": {"subject": ""},
            "NUL in description": {"description": "jam\x00med"},
            "NUL in subject": {"subject": "Printer\x00"},
        }
        before = self._ticket_count()
        for users in ("rcpr-claire", "rcpr-bob"):
            self.authenticate(users, users)
            for case, values in cases.items():
                with self.subTest(user=users, case=case):
                    values = dict(values, team=values.get("team", self.support.id))
                    response = self._submit(**values)
                    self.assertEqual(response.status_code, 303)
                    self.assertRedirects(response, "/new/ticket")
                    self.assertEqual(self._ticket_count(), before)

    def test_submitted_ticket_on_get_creates_nothing(self):
        self.company.helpdesk_mgmt_portal_select_team = True
        self.authenticate("rcpr-claire", "rcpr-claire")
        before = self._ticket_count()
        response = self.url_open(
            f"/submitted/ticket?subject=Printer&description=Jam&team={self.support.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertRedirects(response, "/new/ticket")
        self.assertEqual(self._ticket_count(), before)

    def test_submitted_ticket_public_user(self):
        self.authenticate(None, None)
        before = self._ticket_count()
        response = self.url_open(
            "/submitted/ticket",
            data={"subject": "Spam", "description": "Spam"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303, 400, 403))
        self.assertEqual(self._ticket_count(), before)

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_out_of_range_ids_are_refused_like_missing_ones(self):
        self.authenticate("rcpr-claire", "rcpr-claire")
        for ticket_id in (2**31, 10**20):
            with self.subTest(ticket_id=ticket_id):
                response = self.url_open(
                    f"/my/ticket/{ticket_id}", allow_redirects=False
                )
                self.assertEqual(response.status_code, 303)
                self.assertEqual(urlsplit(response.headers["Location"]).path, "/my")

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_submitted_ticket_attachment_name_with_nul(self):
        """A NUL character in a file's name is no 500 (the multipart parser
        does not hand it over): the ticket is created with its file."""
        self.company.helpdesk_mgmt_portal_select_team = True
        self.authenticate("rcpr-claire", "rcpr-claire")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": self._csrf(),
                "subject": "Printer again",
                "description": "It jams.",
                "team": str(self.support.id),
                "attachment": "1",
            },
            files={"attachment": ("jam\x00.txt", b"paper", "text/plain")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 302)
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Printer again")])
        self.assertRedirects(response, f"/my/ticket/{ticket.id}")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(attachment), 1)
        self.assertNotIn("\x00", attachment.name)

    def test_new_ticket_public_user(self):
        self.authenticate(None, None)
        for url in ("/new/ticket", "/my/tickets"):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertEqual(
                    urlsplit(response.headers["Location"]).path, "/web/login"
                )
