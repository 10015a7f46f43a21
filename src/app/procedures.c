/* The procedure definitions loaded with the application, for the case use cases, the portal and the API. */
#include "app/case.h"

const struct zf_procedures *zf_app_procedures(const struct zf_app *app)
{
	return app->procedures;
}
