// Boost.Asio and Boost.Beast, compiled once for the whole project (separate
// compilation): every other file includes only their declarations.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
