//! Managing the identity (MGT): block, unblock, delete, change of number, password and secret code, new smartphone, customer service.
