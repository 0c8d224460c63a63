"""The web console's built files (console/dist), served at /console/."""
