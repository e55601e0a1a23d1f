# expect: OK
# stdout-has: server got: ping 0
# stdout-has: client got: PONG 4
# why: asyncio streams over socket.socketpair() (no network, no subprocess) work, incl. the event loop's own self-pipe socketpair
import asyncio
import socket


async def main():
    a, b = socket.socketpair()
    client_r, client_w = await asyncio.open_connection(sock=a)

    async def handle(reader, writer):
        while True:
            line = await reader.readline()
            if not line:
                break
            print("server got:", line.decode().strip())
            writer.write(line.upper().replace(b"PING", b"PONG"))
            await writer.drain()
        writer.close()

    server_r, server_w = await asyncio.open_connection(sock=b)
    server_task = asyncio.create_task(handle(server_r, server_w))
    for i in range(5):
        client_w.write(b"ping %d\n" % i)
        await client_w.drain()
        print("client got:", (await client_r.readline()).decode().strip())
    client_w.close()
    await client_w.wait_closed()
    await server_task


asyncio.run(main())
