"""Countries, cities, townships and districts: reference data both APIs serve."""
