# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.urls import url_encode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class HelpdeskTicketControllerReclamation(HelpdeskTicketController):
    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], csrf=True)
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        """Close a ticket at its customer's request.

        Replaces helpdesk_mgmt's route, which looked the ticket up with sudo()
        by the id it was given, on GET: the ticket is read as the user, so
        that only a customer who can read it closes it, into one of the
        closing stages of its team. A complaint is not closed this way: the
        customer withdraws it."""
        try:
            ticket = request.env["helpdesk.ticket"].browse(int(ticket_id))
            stage = request.env["helpdesk.ticket.stage"].browse(int(stage_id))
        except (TypeError, ValueError) as error:
            raise NotFound() from error
        if not ticket.exists() or not ticket.has_access("read"):
            raise NotFound()
        # sudo: helpdesk.ticket - customers may not write on tickets; the
        # ticket was read as the user just above.
        ticket_sudo = ticket.sudo()
        url = f"/my/ticket/{ticket.id}"
        if (
            not ticket_sudo.is_complaint_desk
            and stage.sudo() not in ticket_sudo._get_portal_close_stages()
        ):
            # As helpdesk_mgmt does: a stage the ticket cannot be closed
            # into changes nothing.
            return request.redirect(url, code=302)
        try:
            ticket_sudo._portal_close(stage.sudo())
        except UserError as error:
            raise Forbidden(error.args[0]) from error
        return request.redirect(url, code=302)

    # helpdesk_mgmt's form (/new/ticket, /submitted/ticket): support
    # requests only; complaints go through /my/complaints/new.

    def _get_teams(self):
        """The teams offered on helpdesk_mgmt's form, but for the complaint
        desks: a complaint is filed with the complaint form, which checks it
        and records its consents."""
        teams = super()._get_teams()
        return teams and teams.filtered(lambda team: not team.sudo().is_complaint_desk)

    def _ticket_form_leads_to_complaint(self):
        """Whether helpdesk_mgmt's form would lead a customer of a complaint
        desk outside the complaint pages: the company receives complaints on
        the portal and the form offers no other team (without a team, the
        ticket would reach no desk at all)."""
        Ticket = request.env["helpdesk.ticket"]
        return bool(Ticket._get_portal_complaint_desk()) and not self._get_teams()

    @http.route()
    def create_new_ticket(self, **kw):
        if self._ticket_form_leads_to_complaint():
            return request.redirect("/my/complaints/new", code=303)
        return super().create_new_ticket(**kw)

    def _check_submitted_ticket(self, kw):
        """The page to go to instead of creating a ticket from the values
        posted (the form again for a value helpdesk_mgmt cannot take, the
        complaint form for a complaint desk), or None when they are fine."""
        back = "/new/ticket"
        for name in ("subject", "description"):
            value = kw.get(name)
            if not isinstance(value, str) or not value.strip() or "\x00" in value:
                return back
        category = kw.get("category")
        if category:
            if not isinstance(category, str) or not category.isdigit():
                return back
            # As _get_categories offers them, whether or not the form shows
            # the choice (helpdesk_mgmt takes the category given either way).
            Category = request.env["helpdesk.ticket.category"].with_company(
                request.env.company
            )
            if not Category.search_count(
                [
                    ("id", "=", int(category)),
                    ("active", "=", True),
                    ("show_in_portal", "=", True),
                ],
                limit=1,
            ):
                return back
        team = kw.get("team")
        if team:
            if not isinstance(team, str) or not team.isdigit():
                return back
            # sudo: only whether the team exists and is a complaint desk is
            # read; the teams a customer may post to are checked below.
            team_sudo = request.env["helpdesk.ticket.team"].sudo().browse(int(team))
            if team_sudo.exists() and team_sudo.is_complaint_desk:
                return "/my/complaints/new"
            teams = self._get_teams()
            if teams is not False and int(team) not in teams.ids:
                return back
        return None

    @http.route()
    def submit_ticket(self, **kw):
        """helpdesk_mgmt's submission, which answered 500 to an empty
        description, a non-numeric category or team, an unknown category or
        a NUL character, and created a ticket on GET: what it cannot take
        leads back to the form, a complaint to the complaint form, and
        nothing is created."""
        if request.httprequest.method != "POST":
            return request.redirect("/new/ticket", code=303)
        if self._ticket_form_leads_to_complaint():
            return request.redirect("/my/complaints/new", code=303)
        redirect = self._check_submitted_ticket(kw)
        if redirect:
            return request.redirect(redirect, code=303)
        return super().submit_ticket(**kw)


class CustomerPortalHelpdeskReclamation(CustomerPortalHelpdesk):
    @http.route()
    def portal_my_tickets(
        self,
        page=1,
        date_begin=None,
        date_end=None,
        sortby=None,
        filterby=None,
        search=None,
        search_in=None,
        groupby=None,
        **kw,
    ):
        """helpdesk_mgmt's list of tickets, which answered 500 to an unknown
        sort, filter, grouping or search field, a malformed date or a NUL
        character: what it does not know is dropped, giving the default
        page, as for the complaints' list.

        Complaints are not listed here: a customer reads them as complaints,
        on their own list (/my/complaints), which this page links to. A link
        to a complaint's ticket page leads to its complaint page (see
        portal_my_ticket)."""
        Ticket = request.env["helpdesk.ticket"]
        complaint_count = (
            Ticket.search_count(self._get_complaint_domain())
            if Ticket.has_access("read")
            else 0
        )
        # Restricts helpdesk_mgmt's searches of this request, never widens.
        request.update_context(reclamation_portal_hide_complaints=True)
        response = super().portal_my_tickets(
            page=page,
            **self._ticket_clean_list_params(
                date_begin=date_begin,
                date_end=date_end,
                sortby=sortby,
                filterby=filterby,
                search=search,
                search_in=search_in,
                groupby=groupby,
            ),
            **kw,
        )
        if getattr(response, "qcontext", None) is not None:
            response.qcontext["complaint_count"] = complaint_count
        return response

    def _prepare_home_portal_values(self, counters):
        """The "Tickets" tile counts the tickets that are not complaints:
        complaints have their own tile. helpdesk_mgmt's count of all the
        tickets is left out (replaced, not made twice)."""
        values = super()._prepare_home_portal_values(
            [counter for counter in counters if counter != "ticket_count"]
        )
        if "ticket_count" in counters:
            Ticket = request.env["helpdesk.ticket"]
            values["ticket_count"] = (
                Ticket.search_count([("is_complaint_desk", "=", False)])
                if Ticket.has_access("read")
                else 0
            )
        return values

    @http.route()
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        """A complaint is shown on its own page (/my/complaints/<id>): the
        access is checked first, so that a ticket the user may not read
        gets helpdesk_mgmt's answer (a redirection to /my), whether or not it
        is a complaint."""
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            ticket_sudo = None
        if ticket_sudo and ticket_sudo.is_complaint_desk:
            url = f"/my/complaints/{ticket_sudo.id}"
            if access_token:
                url = f"{url}?{url_encode({'access_token': access_token})}"
            return request.redirect(url, code=303)
        return super().portal_my_ticket(ticket_id, access_token=access_token, **kw)

    def _ticket_clean_list_params(self, **params):
        """The list parameters helpdesk_mgmt understands; None for others."""
        known = {
            "sortby": self._ticket_get_searchbar_sortings(),
            "groupby": self._ticket_get_searchbar_groupby(),
            "search_in": self._ticket_get_searchbar_inputs(),
        }
        clean = {}
        for name, value in params.items():
            if isinstance(value, str):
                value = value.replace("\x00", "")
            if name in known and value not in known[name]:
                value = None
            elif name == "filterby" and value and value != "all":
                value = value if value.isdigit() else None
            elif name in ("date_begin", "date_end") and value:
                try:
                    fields.Datetime.to_datetime(value)
                except ValueError:
                    value = None
            clean[name] = value or None
        if not (clean["date_begin"] and clean["date_end"]):
            clean["date_begin"] = clean["date_end"] = None
        return clean

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        # The close buttons offer what /ticket/close accepts.
        values["closed_stages"] = ticket._get_portal_close_stages()
        return values
