#include "connection/connectionprofile.h"

#include "connection/connectionurl.h"

QString ConnectionProfile::displayName() const
{
    return name.isEmpty() ? connectionurl::displayUrl(url) : name;
}
