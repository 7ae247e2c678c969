# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from urllib.parse import urlencode

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import format_datetime

from odoo.addons.portal.controllers.portal import (
    CustomerPortal,
    pager as portal_pager,
)

# Longest search text and withdrawal reason accepted from the portal.
SEARCH_MAX_LENGTH = 100
REASON_MAX_LENGTH = 2000


def _clean_text(value, max_length):
    """A text parameter as a string without NUL characters (PostgreSQL
    refuses them), or None when it is not a usable string."""
    if not isinstance(value, str):
        return None
    value = value.replace("\x00", "").strip()
    return value[:max_length] if value else None


class CustomerPortalComplaint(CustomerPortal):
    """The customer's complaints on the portal: a tile on the home page, the
    list (/my/complaints), one complaint (/my/complaints/<id>) and its
    withdrawal. The pages read the complaints as the user (record rules:
    the person who complains and the person they represent); a complaint
    page is read as the superuser only after ``_document_check_access``."""

    def _document_check_access(self, model_name, document_id, access_token=None):
        """No access token has non-ASCII characters, and the constant-time
        comparison refuses them (TypeError): every portal route answered such
        a token with a server error. It is a wrong token: only the user's own
        rights apply."""
        if access_token and not str(access_token).isascii():
            access_token = None
        return super()._document_check_access(
            model_name, document_id, access_token=access_token
        )

    # Home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Ticket = request.env["helpdesk.ticket"]
            values["complaint_count"] = (
                Ticket.search_count(
                    self._get_complaint_domain() & Domain("closed", "=", False)
                )
                if Ticket.has_access("read")
                else 0
            )
        return values

    # List

    def _get_complaint_domain(self):
        """The person's own complaints: those they made and those made on
        their behalf (record rules apply on top)."""
        partner = request.env.user.partner_id
        return Domain("is_complaint_desk", "=", True) & (
            Domain("partner_id", "=", partner.id)
            | Domain("represented_partner_id", "=", partner.id)
        )

    def _prepare_complaint_searchbar_sortings(self):
        return {
            "date": {
                "label": request.env._("Newest"),
                "order": "received_date desc, id desc",
            },
            "deadline": {
                "label": request.env._("Next deadline"),
                "order": "closed, resolution_deadline asc nulls last, id desc",
            },
            "reference": {
                "label": request.env._("Reference"),
                "order": "number desc, id desc",
            },
        }

    def _prepare_complaint_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": Domain.TRUE},
            "open": {
                "label": request.env._("Open"),
                "domain": Domain("closed", "=", False),
            },
            "closed": {
                "label": request.env._("Closed"),
                "domain": Domain("closed", "=", True),
            },
        }

    def _prepare_complaint_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": request.env._("Search in all")},
            "reference": {
                "input": "reference",
                "label": request.env._("Search in reference"),
            },
            "subject": {
                "input": "subject",
                "label": request.env._("Search in subject"),
            },
        }

    def _get_complaint_search_domain(self, search_in, search):
        domains = []
        if search_in in ("all", "reference"):
            domains.append(Domain("number", "ilike", search))
        if search_in in ("all", "subject"):
            domains.append(Domain("name", "ilike", search))
        return Domain.OR(domains)

    def _parse_portal_date(self, value):
        """A date of the query string, or None when it is not one."""
        if not isinstance(value, str):
            return None
        try:
            return fields.Date.to_date(value.strip()[:10])
        except ValueError:
            return None

    def _prepare_my_complaints_values(
        self,
        page=1,
        sortby=None,
        filterby=None,
        search=None,
        search_in=None,
        date_begin=None,
        date_end=None,
        **kw,
    ):
        """Values of the list page. Unknown or malformed parameters fall back
        to the defaults: the page is always shown."""
        values = self._prepare_portal_layout_values()
        Ticket = request.env["helpdesk.ticket"]
        sortings = self._prepare_complaint_searchbar_sortings()
        filters = self._prepare_complaint_searchbar_filters()
        inputs = self._prepare_complaint_searchbar_inputs()
        if sortby not in sortings:
            sortby = "date"
        if filterby not in filters:
            filterby = "all"
        if search_in not in inputs:
            search_in = "all"
        search = _clean_text(search, SEARCH_MAX_LENGTH)
        domain = self._get_complaint_domain() & filters[filterby]["domain"]
        if search:
            domain &= self._get_complaint_search_domain(search_in, search)
        date_begin = self._parse_portal_date(date_begin)
        date_end = self._parse_portal_date(date_end)
        if date_begin and date_end and date_begin <= date_end:
            domain &= Domain("received_date", ">=", date_begin)
            # The last day of the calendar has no day after it.
            if date_end < date.max:
                domain &= Domain(
                    "received_date", "<", fields.Date.add(date_end, days=1)
                )
        else:
            date_begin = date_end = None
        url_args = {
            "sortby": sortby,
            "filterby": filterby,
            "search_in": search_in,
            "search": search,
            "date_begin": date_begin,
            "date_end": date_end,
        }
        pager = portal_pager(
            url="/my/complaints",
            url_args={key: value for key, value in url_args.items() if value},
            total=Ticket.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        complaints = Ticket.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        tz = Ticket._get_portal_tz(request.env.user.partner_id)
        values.update(
            {
                "complaints": complaints,
                # sudo: the complaints come from the user's own search just
                # above; their deadline policy is configuration customers do
                # not read.
                "complaint_status": complaints.sudo()._get_portal_status(tz=tz),
                "portal_tz": tz,
                "page_name": "complaint",
                "default_url": "/my/complaints",
                "pager": pager,
                "searchbar_sortings": sortings,
                "searchbar_filters": filters,
                "searchbar_inputs": inputs,
                "sortby": sortby,
                "filterby": filterby,
                "search_in": search_in,
                "search": search or "",
                "date": date_begin,
                "date_end": date_end,
            }
        )
        return values

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, **kw):
        values = self._prepare_my_complaints_values(page=page, **kw)
        return request.render("reclamation_charter_portal.portal_my_complaints", values)

    # One complaint

    def _get_complaint_check_access(self, ticket_id, access_token=None):
        """The complaint, as the superuser, once the user may read it (or
        holds its token); NotFound otherwise, and for a ticket that is not a
        complaint."""
        try:
            complaint_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        if not complaint_sudo.is_complaint_desk:
            raise NotFound()
        return complaint_sudo

    # The tone of each message, apart from its text (the term extraction
    # would take a tone written next to a translated text for a term).
    _COMPLAINT_MESSAGE_TONES = {
        "withdrawn": "success",
        "not_withdrawn": "danger",
        "not_confirmed": "danger",
        "reason_too_long": "danger",
    }

    def _get_complaint_messages(self):
        """What a redirection after a withdrawal may tell (codes only: the
        page never shows a text taken from the query string)."""
        texts = {
            "withdrawn": request.env._("Your complaint is withdrawn."),
            "not_withdrawn": request.env._(
                "This complaint can no longer be withdrawn."
            ),
            "not_confirmed": request.env._(
                "Tick the box to confirm that you withdraw your complaint: it "
                "was not withdrawn."
            ),
            "reason_too_long": request.env._(
                "The reason is too long (at most %(max)s characters): your "
                "complaint was not withdrawn.",
                max=REASON_MAX_LENGTH,
            ),
        }
        return {
            code: (self._COMPLAINT_MESSAGE_TONES[code], text)
            for code, text in texts.items()
        }

    def _get_complaint_satisfaction(self, complaint_sudo, reader, tz, access_token):
        """The survey as the complaint's page offers it; its link keeps the
        token the page was opened with (an email's link)."""
        satisfaction = complaint_sudo._get_portal_satisfaction(reader, tz)
        if satisfaction and satisfaction["state"] == "open" and access_token:
            satisfaction["url"] += "?" + urlencode({"access_token": access_token})
        return satisfaction

    def _complaint_get_page_view_values(self, complaint_sudo, access_token, **kw):
        user = request.env.user
        reader = (
            user.partner_id if not user._is_public() else request.env["res.partner"]
        )
        tz = complaint_sudo._get_portal_tz(reader or complaint_sudo.partner_id)
        message = self._get_complaint_messages().get(kw.get("message"))

        values = {
            "complaint": complaint_sudo,
            "complaint_status": complaint_sudo._get_portal_status(tz=tz)[
                complaint_sudo.id
            ],
            "timeline": complaint_sudo._get_portal_stage_timeline(tz=tz),
            "dates": {
                name: format_datetime(request.env, complaint_sudo[name], tz=tz)
                for name in (
                    "received_date",
                    "ack_sent_date",
                    "resolution_deadline",
                    "update_deadline",
                    "closed_date",
                )
            },
            "portal_tz": tz,
            "can_withdraw": (
                not user._is_public()
                and complaint_sudo.partner_id == user.partner_id
                and not complaint_sudo.closed
                and complaint_sudo.retention_phase != "anonymised"
            ),
            "complaint_message": message,
            "satisfaction": self._get_complaint_satisfaction(
                complaint_sudo, reader, tz, access_token
            ),
            # The customer's files only (theirs, and those sent to them), read
            # through the signed token of their link, as the portal's chatter
            # does: displaying the page writes nothing.
            "attachments": (
                complaint_sudo.attachment_ids._filter_reclamation_customer_files()
            ),
            "reason_max_length": REASON_MAX_LENGTH,
            "page_name": "complaint",
        }
        # No session history for Odoo's record pager: it would link to the
        # tickets' access URL (helpdesk_mgmt's page); the complaint pages
        # link to each other.
        values = self._get_page_view_values(
            complaint_sudo, access_token, values, None, False
        )
        history = request.session.get("my_complaints_history", [])
        if not access_token and complaint_sudo.id in history:
            index = history.index(complaint_sudo.id)
            if index:
                values["prev_record"] = f"/my/complaints/{history[index - 1]}"
            if index < len(history) - 1:
                values["next_record"] = f"/my/complaints/{history[index + 1]}"
        return values

    @http.route(
        ["/my/complaints/<int:ticket_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_complaint(self, ticket_id, access_token=None, **kw):
        access_token = _clean_text(access_token, 100)
        if not access_token and request.env.user._is_public():
            return request.redirect(
                f"/web/login?redirect=/my/complaints/{int(ticket_id)}"
            )
        complaint_sudo = self._get_complaint_check_access(ticket_id, access_token)
        if request.env.user._is_public():
            # Opened from an email link: in the customer's language.
            lang = complaint_sudo.partner_id.lang
            lang = lang and request.env["res.lang"]._get_code(lang)
            if lang:
                request.update_context(lang=lang)
                complaint_sudo = complaint_sudo.with_context(lang=lang)
        values = self._complaint_get_page_view_values(
            complaint_sudo, access_token, **kw
        )
        return request.render("reclamation_charter_portal.portal_my_complaint", values)

    @http.route(
        ["/my/complaints/<int:ticket_id>/satisfaction"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_complaint_satisfaction(self, ticket_id, access_token=None, **kw):
        """Open the complaint's satisfaction survey in the portal's language,
        for the reader it is offered to on the complaint's page."""
        access_token = _clean_text(access_token, 100)
        if not access_token and request.env.user._is_public():
            return request.redirect(
                f"/web/login?redirect=/my/complaints/{int(ticket_id)}"
            )
        complaint_sudo = self._get_complaint_check_access(ticket_id, access_token)
        user = request.env.user
        reader = (
            user.partner_id if not user._is_public() else request.env["res.partner"]
        )
        url = complaint_sudo._open_portal_satisfaction(reader, request.lang.code)
        if not url:
            raise NotFound()
        return request.redirect(url)

    @http.route(
        ["/my/complaints/<int:ticket_id>/withdraw"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_withdraw(self, ticket_id, reason=None, confirm=None, **kw):
        """Withdraw the complaint, by the person who made it, logged in (a
        token of an email link is not enough: it reads, it does not act),
        once they confirmed it: a withdrawal is final."""
        if request.env.user._is_public():
            raise Forbidden()
        complaint_sudo = self._get_complaint_check_access(ticket_id)
        url = f"/my/complaints/{complaint_sudo.id}"
        if complaint_sudo.partner_id != request.env.user.partner_id:
            raise Forbidden()
        if not confirm:
            return request.redirect(f"{url}?message=not_confirmed")
        reason = _clean_text(reason, REASON_MAX_LENGTH + 1)
        if reason and len(reason) > REASON_MAX_LENGTH:
            return request.redirect(f"{url}?message=reason_too_long")
        complaint = request.env["helpdesk.ticket"].browse(complaint_sudo.id)
        try:
            complaint._withdraw_complaint(reason, channel="portal")
        except AccessError as error:
            raise Forbidden() from error
        except UserError:
            return request.redirect(f"{url}?message=not_withdrawn")
        return request.redirect(f"{url}?message=withdrawn")
