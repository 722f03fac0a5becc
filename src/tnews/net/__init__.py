"""HTTP fetching with limits; knows nothing of widgets."""
