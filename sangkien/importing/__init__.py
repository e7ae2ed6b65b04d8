"""Reading the portal's exports for sangkien.importer: file formats, header words, units."""
