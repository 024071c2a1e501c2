package fakexray

// JiraIntegration is one stored integration, exactly as Xray received it,
// including the password (tests check what the client sent; the HTTP API
// never returns it).
type JiraIntegration struct {
	ConnectionName   string `json:"connection_name"`
	AuthType         string `json:"auth_type"`
	Username         string `json:"username"`
	Password         string `json:"password"`
	InstallationType string `json:"installation_type"`
	JiraServerURL    string `json:"jira_server_url"`
	SkipProxy        bool   `json:"skip_proxy"`
}

// integrationView is what read endpoints return: everything but the password.
type integrationView struct {
	ConnectionName   string `json:"connection_name"`
	AuthType         string `json:"auth_type"`
	Username         string `json:"username"`
	InstallationType string `json:"installation_type"`
	JiraServerURL    string `json:"jira_server_url"`
	SkipProxy        bool   `json:"skip_proxy"`
}

func viewOf(in JiraIntegration) integrationView {
	return integrationView{
		ConnectionName:   in.ConnectionName,
		AuthType:         in.AuthType,
		Username:         in.Username,
		InstallationType: in.InstallationType,
		JiraServerURL:    in.JiraServerURL,
		SkipProxy:        in.SkipProxy,
	}
}

// Status values of the status check endpoint.
const (
	StatusHealthy             = "HEALTHY_INTEGRATION"
	StatusFaultyConfiguration = "FAULTY_CONFIGURATION"
	StatusNotFound            = "INTEGRATION_NOT_FOUND"
	StatusInternalServerError = "INTERNAL_SERVER_ERROR"
)

// Messages returned in {"info": ...} and {"error": ...} bodies.
const (
	MsgCreated         = "Integration has been successfully created"
	MsgUpdated         = "Integration has been successfully updated"
	MsgDeleted         = "Integration has been successfully deleted"
	MsgNotFound        = "Integration not found"
	MsgJiraUnreachable = "We were not able to connect to your Jira based on the credentials you provided, please check all the values and try again."
	MsgForbidden       = "Permission denied: admin privileges are required"
)

// unauthorizedBody is the body of a 401, in the Artifactory/Access style
// that the platform answers before Xray sees the request.
const unauthorizedBody = `{"errors":[{"code":"UNAUTHORIZED","message":"Bad credentials"}]}`
