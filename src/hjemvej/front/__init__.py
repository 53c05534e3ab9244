"""The pages that put the apps together: the main menu, the staff home page and the citizen
overview. Each lists, in one place and in the order shown, what the apps contribute. This is
the top layer next to `api` and `demo`: it may import every app, and no app imports it."""
