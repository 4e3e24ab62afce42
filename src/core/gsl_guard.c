/* GSL's default error handler calls abort(); a library hosted by Python or
 * a server must never do that. The handler is process-wide in GSL, so it is
 * switched off exactly once, and only when the host has not installed one
 * of its own. Every GSL call in linreg checks its inputs beforehand, so the
 * handler is a last line of defence, not a control path. */
#include "internal.h"

#include <gsl/gsl_errno.h>
#include <pthread.h>

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_init_once(void)
{
    gsl_error_handler_t *previous = gsl_set_error_handler_off();
    if (previous != NULL)
        gsl_set_error_handler(previous);
}

void lr__gsl_init(void) { pthread_once(&gsl_once, gsl_init_once); }
