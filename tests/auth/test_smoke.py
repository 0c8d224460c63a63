def test_login_then_me(client):
    """A stand-in login code gives a token that GET /me accepts."""
    me = client.login("demo_resident").get("/api/v1/me")
    assert me.status_code == 200
    assert me.get_json()["id"] > 0
