"""Association-wide and national figures for the web console's dashboard (outside the survey
season): volunteers, verified hours, quiz participation, 宝盾 issued and redeemed, recruitment
targets, stations."""
