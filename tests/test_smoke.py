def test_login_page_renders_in_swedish_by_default(client):
    resp = client.get("/login")
    assert resp.status_code == 200
    assert "Logga in i Bokvar" in resp.get_data(as_text=True)


def test_wrong_password_is_refused(client, auth):
    resp = auth.login("sara", "wrong")
    assert resp.status_code == 200
    assert "Fel användarnamn eller lösenord" in resp.get_data(as_text=True)
