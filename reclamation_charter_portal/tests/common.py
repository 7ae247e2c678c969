# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the portal tests share."""

import json

# Waits for the page to show ``selector``, then lists what sticks out of a
# phone's width inside ``scope``, and any horizontal scroll.
PHONE_CHECK = """
(async () => {
    const selector = %(selector)s;
    for (let i = 0; i < 100 && !document.querySelector(selector); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!document.querySelector(selector)) {
        throw new Error("The page never showed " + selector);
    }
    const width = window.innerWidth;
    if (width > 400) {
        throw new Error("Not a phone-sized window: " + width);
    }
    const overflow = document.documentElement.scrollWidth - width;
    const outside = [...document.querySelectorAll(%(scope)s)].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width && (box.left < -1 || box.right > width + 1);
    }).map((el) => el.outerHTML.slice(0, 120));
    if (overflow > 1 || outside.length) {
        console.error("Wider than the phone (" + width + " px): " + overflow
            + " px of horizontal scroll; " + JSON.stringify(outside.slice(0, 5)));
    } else {
        console.log("test successful");
    }
})();
"""


class PhoneCheckMixin:
    """For an ``HttpCase``: pages opened in a 375-pixel-wide phone."""

    browser_size = "375x812"
    touch_enabled = True

    def _check_fits_a_phone(self, url, selector, scope, login):
        """Opens ``url`` as ``login`` and fails if anything in ``scope`` (a
        CSS selector) is wider than the phone, once ``selector`` shows."""
        self.browser_js(
            url,
            PHONE_CHECK
            % {"selector": json.dumps(selector), "scope": json.dumps(scope)},
            ready="document.readyState === 'complete'",
            login=login,
            timeout=60,
        )
