"""The API documentation page under the site's Content Security Policy, in a browser:
no inline style or script allowed, and Swagger UI still works."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def _open_docs(browser, live_server):
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector("text=Envoyer une notification ou un lot")
    page.click("text=Envoyer une notification ou un lot")
    page.click("text=Essayer")
    page.wait_for_selector("text=Exécuter")
    return page, response


def test_api_docs_render_without_any_csp_violation(browser, live_server):
    page, response = _open_docs(browser, live_server)
    csp = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp
    assert "'nonce-" in csp.split("script-src")[1].split(";")[0]
    assert page.evaluate("window.cspViolations") == []
    page.close()


def test_the_violation_recorder_sees_an_inline_style(browser, live_server):
    """The check above can fail: an inline style attribute is reported."""
    page, _ = _open_docs(browser, live_server)
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.wait_for_function("window.cspViolations.length > 0")
    assert any("style-src" in v for v in page.evaluate("window.cspViolations"))
    page.close()


def test_api_docs_read_in_french(browser, live_server):
    """Swagger UI's own labels are replaced (prevex/api/static/api/swagger-fr.js)."""
    page, _ = _open_docs(browser, live_server)
    page.click("text=Exécuter")
    page.wait_for_selector("text=Réponse du serveur")
    text = page.inner_text("#swagger-ui")
    for french in ("Paramètres", "Corps de la requête", "Réponses", "Annuler", "Schémas"):
        assert french in text, french
    for english in ("Try it out", "Execute", "Parameters", "Request body", "Responses",
                    "Server response", "Schemas", "Cancel", "Edit Value"):  # fmt: skip
        assert english not in text, english
    required = page.evaluate(
        "getComputedStyle(document.querySelector('.parameter__name.required'), '::after').content"
    )
    assert required == '"obligatoire"'
    page.close()
