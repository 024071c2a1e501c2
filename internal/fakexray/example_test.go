package fakexray_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

func Example() {
	srv, err := fakexray.Start(fakexray.WithFlavour(fakexray.FlavourDocumented))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	// The first create's response is lost behind a "proxy", after Xray
	// stored the integration.
	srv.Inject(fakexray.Fault{Pattern: fakexray.PatternCreate, Times: 1, StoreThenFail: true, Status: 504})

	body := `{"connection_name":"acme","auth_type":"basic","username":"bot","password":"pw",` +
		`"installation_type":"cloud","jira_server_url":"https://acme.atlassian.net"}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/xray/api/v1/ticketing/jira-integrations", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+srv.AdminToken())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()

	in, _ := srv.Integration("acme")
	fmt.Println(res.StatusCode, in.ConnectionName, in.Password)
	fmt.Println(srv.RequestCounts()[fakexray.PatternCreate])
	// Output:
	// 504 acme pw
	// 1
}
