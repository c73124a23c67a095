"""Pages seen before signing in (the login page) run the DSFR script without a JavaScript
error: the header's tools, which the script copies into the phone menu, are only there
for a signed-in user, like the menu itself."""


def test_the_login_page_has_no_javascript_error(browser, live_server):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=username]").count() == 1
    assert page.evaluate("document.documentElement.hasAttribute('data-fr-js')")
    assert errors == []
    page.close()
