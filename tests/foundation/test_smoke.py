def test_login_page_is_danish(client, db):
    response = client.get("/log-ind/")
    assert response.status_code == 200
    assert "Log ind i Hjemvej" in response.content.decode()


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/")
